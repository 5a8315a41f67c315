"""A text whose lines repeat is drafted with a few tries a figure, not one for every
character of the text.

`scan` of a 147 KB text whose lines repeat (a JSON dump of the bundled targets, pasted
as a source) ran for more than ten minutes: where a figure's line occurs again, the
shortest quote that occurs once is looked for across the whole text, and the least
reach right was found one character at a time, each try a search of the whole text.
The reaches are now found by halving, and a try looks only where the figure is
written (the whole text only for a figure written more than 32 times): the same
quotes, and that 147 KB text scanned in about 1.3 s. Counted, never timed: the slices
of the text that the search makes (one for each try of a span), at two lengths.
"""

from __future__ import annotations

from targets_cli.rules.drafting import shortest_quote

HEADER = "江门市政府工作报告"
LINE = "全市项目投资增长10%。"  # 12 characters


class CountingText(str):
    """A text that counts the spans cut from it."""

    cuts = 0

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, slice):
            CountingText.cuts += 1
        return str.__getitem__(self, key)


def _quote_on_the_third_line(repeats: int) -> tuple[str, int]:
    """The quote drafted (across lines) for 10% on the third of `repeats` equal lines
    under the header, and the spans tried to find it."""
    text = CountingText("\n".join([HEADER] + [LINE] * repeats))
    # the header (9 characters and its line end), two lines of 13, then 全市项目投资增长
    start = 10 + 2 * 13 + 8
    assert str.__getitem__(text, slice(start, start + 3)) == "10%"
    CountingText.cuts = 0
    span = shortest_quote(text, start, start + 3, one_line=False)
    assert span is not None
    return str.__getitem__(text, slice(*span)), CountingText.cuts


def test_the_quote_reaches_back_to_what_tells_the_line_apart():
    # every line is the same: only the header's last character makes the span unique
    quote, _ = _quote_on_the_third_line(200)
    assert quote == f"告\n{LINE}\n{LINE}\n全市项目投资增长10%"


def test_eight_times_the_text_costs_a_few_more_tries_not_eight_times_as_many():
    short_quote, short_tries = _quote_on_the_third_line(200)
    long_quote, long_tries = _quote_on_the_third_line(1600)
    assert long_quote == short_quote
    # (before: 2,618 tries at 200 lines and 20,818 at 1,600, each a search of the text)
    assert short_tries < 200
    assert long_tries <= short_tries + 30


def test_a_figure_written_a_few_times_is_told_apart_by_the_nearest_word():
    # 10个 is written three times; of the spans of four characters around the second,
    # only 业10个 occurs once (10个。 is written three times); its line's start is five
    # characters away, past SNAP (4): the quote is not grown to it
    text = "一是新增项目10个。\n二是新增企业10个。\n三是新增园区10个。"
    start = text.index("企业10个") + 2
    span = shortest_quote(text, start, start + 3)
    assert span is not None
    assert text[span[0] : span[1]] == "业10个"


def test_a_figure_inside_a_longer_one_is_quoted_with_its_own_words():
    # 11个 is written twice, first as the end of 111个, which occurs once; the clause
    # starts four characters before it (SNAP): the quote grows to it
    text = "全年新增111个，其中11个在新区。"
    start = text.index("11个")
    assert start == 5  # (inside 111个)
    span = shortest_quote(text, start, start + 3)
    assert span is not None
    assert text[span[0] : span[1]] == "全年新增111个"
