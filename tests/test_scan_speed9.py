"""The drafting rules read with less work a figure give the quotes, metrics and words a
curator works out from sentences of the bundled text's kind (江门 2024 pledges).

Each case is worked by hand from the sentence: the spans a quick path takes (a quote's
core written once, a metric name found through its first character, a word found
through the characters of its window) and the ones it leaves to the full search."""

from __future__ import annotations

from targets_cli.rules.drafting import shortest_quote

# line 45 of data/sources/jiangmen-2024-pledges.txt, and the two lines that each name
# 3大专业产业园 (41 and 43, shortened)
PLEDGE = "加大“敲门招商”力度，争取引进超亿元项目60个，总投资超300亿元。"
TWO_PARKS = "重点建设临港装备、新材料、生物医药3大专业产业园，助推发展。\n建好汽车零部件、金属新材料、智慧农机3大专业产业园，争创省级高新区。"


def _quote(text: str, core: str, keep: tuple[tuple[int, int], ...] = ()) -> str | None:
    start = text.index(core)
    span = shortest_quote(text, start, start + len(core), keep_whole=keep)
    return None if span is None else text[span[0] : span[1]]


def test_a_core_written_once_is_the_quote_grown_to_its_clause():
    # 超亿元项目60个 occurs once; the 4 characters before it (争取引进) reach the ，
    assert _quote(PLEDGE, "超亿元项目60个") == "争取引进超亿元项目60个"
    # the whole clause after the ，: nothing to grow into
    assert _quote(PLEDGE, "总投资超300亿元") == "总投资超300亿元"


def test_a_core_written_twice_reaches_left_to_what_tells_it_apart():
    # 药 and 机 tell the two apart; grown back to the 、 before each list item
    first = TWO_PARKS.index("3大专业产业园")
    second = TWO_PARKS.index("3大专业产业园", first + 1)
    quotes = []
    for at in (first, second):
        span = shortest_quote(TWO_PARKS, at, at + len("3大专业产业园"))
        assert span is not None
        quotes.append(TWO_PARKS[span[0] : span[1]])
    assert quotes == ["生物医药3大专业产业园", "智慧农机3大专业产业园"]


def test_a_core_written_once_that_cuts_another_figure_takes_it_whole():
    # 总投资超30 ends inside 300亿元, a figure the quote holds whole or not at all
    figure = PLEDGE.index("300亿元")
    keep = ((figure, figure + len("300亿元")),)
    assert _quote(PLEDGE, "总投资超30", keep) == "总投资超300亿元"
    # and one that starts inside it reaches back to its start: 00亿元 -> 总投资超300亿元
    assert _quote(PLEDGE, "00亿元", keep) == "总投资超300亿元"


def test_figures_of_a_text_read_once_for_its_characters():
    from targets_cli.rules.figures import find_figures

    # 进一步 is a word, 超亿元 a class of projects: 60个 and 300亿元 are the figures
    text = "进一步加大招商力度，争取引进超亿元项目60个，总投资超300亿元。"
    assert [f.text for f in find_figures(text)] == ["60个", "300亿元"]
    # in traditional script 兩 and 萬 open figures only once read as 两 and 万; each
    # figure is as written, and 進一步 is still a word
    text = "進一步建成兩個產業園，新增就業5萬人。"
    assert [(f.text, f.start) for f in find_figures(text)] == [("兩個", 5), ("5萬人", 15)]
    # the same words again, as another text: read anew, not taken for the last one
    assert [f.text for f in find_figures("建成两个产业园")] == ["两个"]


def test_a_few_words_are_read_as_simplified_only_when_they_hold_a_traditional_character():
    from targets_cli.rules.figures import simplified_words

    words = "60个"
    assert simplified_words(words) is words
    assert simplified_words("兩個") == "两个"
    assert simplified_words("5萬人") == "5万人"


def _figure(text: str, written: str):  # type: ignore[no-untyped-def]
    from targets_cli.rules.figures import Figure

    start = text.index(written)
    return Figure(start, start + len(written), written, 1)


def test_the_firmness_and_period_of_a_figure_from_its_sentence_start():
    from targets_cli.rules.drafting import firmness_of, period_of

    # the sentence starts after the 。: 确保 and 今年 are its words, 力争 the one before's
    text = "力争完成目标。确保今年地区生产总值增长5.5%以上，到2025年新增就业1万人。"
    figure = _figure(text, "5.5%")
    sentence = text.index("确保")
    for first in (None, sentence):  # (told, or found by the rule)
        firmness = firmness_of(text, figure, first)
        assert firmness is not None and firmness.word == "确保"
        assert firmness.start == sentence
        period = period_of(text, figure, 2024, first)
        assert (period.period, text[period.start : period.end], period.assumed) == (
            "2024",
            "今年",
            False,
        )
    # 到2025年 is nearer the second figure than 今年: its period is 2025
    later = _figure(text, "1万人")
    period = period_of(text, later, 2024, sentence)
    assert (period.period, text[period.start : period.end]) == ("2025", "到2025年")
    # a sentence with no time word: the source's year, assumed; 明年 is the year after
    assert period_of("新增就业1万人。", _figure("新增就业1万人。", "1万人"), 2024).assumed
    text = "明年新增就业1万人。"
    assert period_of(text, _figure(text, "1万人"), 2024).period == "2025"


def test_a_label_is_a_short_phrase_in_quotes_around_the_figure():
    from targets_cli.rules.drafting import LABEL_LENGTH, label_around

    text = "打造“万亩千亿”大平台，实施“1310”具体部署。"
    figure = _figure(text, "千亿")
    assert label_around(text, figure) == (text.index("“万"), text.index("”大") + 1)
    assert label_around(text, _figure(text, "1310")) is not None
    # a phrase of LABEL_LENGTH characters in quotes is a label, one longer is not,
    # whether the figure ends near the opening mark or far from it
    assert LABEL_LENGTH == 12
    for words, label in (("企业12家以上的目标任务", True), ("新企业12家以上的目标任务", False)):
        text = f"完成“{words}”。"
        assert len(words) == (12 if label else 13)
        assert (label_around(text, _figure(text, "12家")) is not None) is label
    text = "完成“新增规上工业企业总数达到12家”。"  # (15 characters, the figure last)
    assert label_around(text, _figure(text, "12家")) is None


def test_the_part_of_a_figure_is_the_speaker_line_before_it():
    from targets_cli.rules.drafting import part_of, speaker_parts

    text = "江门市政府工作报告\n市长吴晓晖：\n今年增长5%。\n台山市委书记郑劲龙：\n引进项目60个。"
    orgs = [
        ("jiangmen", ["吴晓晖", "jiangmen", "江门"]),
        ("taishan", ["郑劲龙", "taishan", "台山"]),
    ]
    parts = speaker_parts(text, orgs)
    assert [(p.heading, p.org) for p in parts] == [
        ("市长吴晓晖", "jiangmen"),
        ("台山市委书记郑劲龙", "taishan"),
    ]
    assert part_of(parts, text.index("江门")) is None
    assert part_of(parts, text.index("5%")) is parts[0]
    assert part_of(parts, text.index("60个")) is parts[1]
    # another list of parts, as long: its own starts, not the last list's
    assert part_of(parts[::-1][:1] + parts[1:], text.index("5%")) is None


def test_the_sentences_reviewing_last_year_and_none_that_aim():
    from targets_cli.rules.drafting import result_sentences

    text = (
        "一、2023年工作回顾\n"
        "过去一年，全市地区生产总值增长4.8%。规上工业增加值增长6.5%，力争明年更好。\n"
        "二、2024年工作安排\n"
        "今年地区生产总值增长5%。\n"
        "2023年，新增企业100家。"
    )
    # under the review's heading every sentence is a result but the one that aims (力争,
    # 明年); under the year's work, only a sentence opening with 2023年
    found = [text[r.start : r.end] for r in result_sentences(text, 2024)]
    assert found == ["过去一年，全市地区生产总值增长4.8%", "2023年，新增企业100家"]
    # a text with no line break or full stop at its end: its last sentence too (a line
    # with a comma: no heading)
    text = "去年新增企业100家，增长5%"
    assert [text[r.start : r.end] for r in result_sentences(text, 2024)] == [text]
    assert result_sentences("今年新增企业100家", 2024) == []


def test_the_amount_of_a_figure_read_again_follows_the_units_in_use():
    from targets_cli.rules import units
    from targets_cli.rules.drafting import amount_of

    before = units.catalogue()
    try:
        units.use([])
        for _ in range(2):  # (read again: the same)
            sixty = amount_of("60个")
            assert (sixty.value, sixty.unit, sixty.counted) == (60, None, False)
            three = amount_of("3大")  # a measure word that is no unit: counted in 个
            assert (three.value, three.unit, three.counted) == (3, "个", True)
            assert amount_of("万亩").value is None  # no number written
        # the data's units change: the same figures read with them
        units.use([units.Unit("个", "count", 1, "items"), units.Unit("亿元", "money", 1, "100m")])
        sixty = amount_of("60个")
        assert (sixty.value, sixty.unit, sixty.counted) == (60, "个", False)
        thousand = amount_of("千亿")  # 千亿 alone: in 亿元
        assert (thousand.value, thousand.unit) == (1000, "亿元")
        span = amount_of("1—2个")
        assert (span.value, span.value_max, span.unit) == (1, 2, "个")
    finally:
        units.use(before)


def test_an_english_name_slugged_word_by_word():
    from targets_cli.answers.scanning import _slug

    # (stop words dropped; the first words kept; anything but a-z and 0-9 parts words)
    assert _slug("Jiangmen Science and Technology Bureau", 2) == "jiangmen-science"
    assert _slug("Above-scale industrial output (RMB 100m)", 3) == "above-scale-industrial"
    assert _slug("Gross domestic product of the city") == "gross-domestic-product-city"
    assert _slug("Zhuhai–Jiangmen 5G base stations", 3) == "zhuhai-jiangmen-5g"
    assert _slug("") == ""


def test_a_quote_takes_the_closing_mark_of_an_opening_it_holds():
    text = "今年，实现“全覆盖”的目标任务。"
    # the clause's end is more than 4 characters on: not reached; the ” closes the “
    assert _quote(text, "实现“全覆盖") == "实现“全覆盖”"
    # a quote that ends before another character than a closing mark ends there
    assert _quote(text, "实现“全覆") == "实现“全覆"
    # grown to the clause's edges, 3 and 2 characters away: the ， and the 。
    assert _quote(text, "全覆盖”的目标") == "实现“全覆盖”的目标任务"
