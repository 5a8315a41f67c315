"""Traditional script read as simplified: one character table for every word list.

The catalogue's metric names, the wording and firmness words, the measure words and the
fall words are written in simplified script; a report in traditional script writes the
same words as 地區生產總值增長5%以內 or 確保. `simplified(text)` maps each traditional
character of the table to its simplified form, one character for one, so an offset into
the result is the same offset into the text: rules match the simplified text, and what
they quote is sliced from the text as written.

The table holds the characters of those word lists and of the catalogue, and the common
characters of government reports, each traditional form that is no simplified character
of its own (著, 乾, 覆 are left out: a simplified text writes them too). A simplified
text is unchanged by it.
"""

from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False  # (typing costs start-up time)
if TYPE_CHECKING:
    from collections.abc import Callable

# Pairs of characters, traditional then simplified; sorted by the simplified one.
_PAIRS = (
    "萬万與与專专業业東东兩两嚴严個个箇个豐丰臨临為为爲为麗丽舉举鄉乡書书爭争於于雲云"
    "產产産产畝亩億亿從从倉仓價价眾众衆众優优會会偉伟傳传體体餘余彿佛僑侨儲储黨党關关"
    "興兴養养內内軍军農农馮冯沖冲衝冲決决準准減减凱凯齣出劃划劉刘剛刚創创製制辦办務务"
    "動动勁劲勞劳勢势區区醫医韆千華华協协單单佔占衛卫卽即厤历曆历歷历壓压縣县參参蔘参"
    "雙双發发髮发變变檯台臺台颱台葉叶號号閤合衕同後后嚮向曏向噸吨啓启啟启吳吴員员週周"
    "響响迴回團团糰团園园圍围國国圖图圓圆場场堅坚壯壮備备復复複复頭头奮奋孫孙學学實实"
    "審审傢家寬宽對对導导將将堯尧侷局層层屆届屬属歲岁嵐岚嶺岭峯峰佈布帥帅師师帶带蓆席"
    "幹干榦干並并併并廣广應应開开異异張张強强當当徹彻誌志態态總总戰战戶户纔才紮扎託托"
    "釦扣擴扩搶抢護护報报擔担拚拼掛挂揮挥攬揽攜携攝摄敎教數数斷断旣既時时曉晓朮术術术"
    "機机桿杆條条來来楊杨盃杯傑杰闆板極极構构菓果査查標标樹树樣样覈核橋桥夢梦歐欧氣气"
    "濟济漲涨溫温遊游灣湾滿满濱滨灘滩點点牽牵獻献環环現现電电畫画畵画療疗蓋盖盤盘著着"
    "碼码礎础確确離离種种積积稱称穩稳築筑籌筹類类粵粤糧粮係系繫系緊紧約约級级納纳縱纵"
    "紡纺綫线線线組组細细織织經经結结繞绕遶绕絡络統统繼继績绩續续綜综綠绿緑绿編编網网"
    "羣群聯联衚胡鬍胡緻致藝艺節节範范榮荣葯药藥药獲获穫获營营蔣蒋藍蓝補补錶表裝装規规"
    "覽览計计讓让議议記记設设訴诉診诊試试該该請请調调謀谋譜谱穀谷貢贡財财責责質质購购"
    "貫贯貿贸費费資资賦赋賽赛趙赵躍跃車车轉转輪轮輕轻載载較较輛辆輝辉輯辑達达過过邁迈"
    "運运還还這这進进遺遗鄧邓鄰邻鄭郑裏里裡里錢钱鐵铁銀银鏈链銷销錨锚錫锡錦锦鍵键鎭镇"
    "鎮镇長长門门間间聞闻隊队階阶際际陳陈難难麫面韓韩韻韵頁页頂顶項项順顺顧顾預预領领"
    "額额風风飯饭驅驱驗验鮮鲜鵬鹏鶴鹤黃黄齊齐龍龙"
)
TRADITIONAL = _PAIRS[0::2]
SIMPLIFIED = _PAIRS[1::2]
_TABLE = str.maketrans(TRADITIONAL, SIMPLIFIED)


# Whether a text holds any character of the table. A set answers at once, at about ten
# times the cost a character of the compiled search's; the search costs a millisecond to
# compile. So a run reads its first texts with the set, and compiles the search once it
# has read as much text as that millisecond pays for (a scan reads one text; a check of
# thousands of source texts soon pays for it).
_TRADITIONAL_SET = frozenset(TRADITIONAL)
_COMPILE_AFTER = 200_000  # characters read with the set
_ANY: list[Callable[[str], object]] = []
_READ = [0]


def _holds_traditional(text: str) -> bool:
    if _ANY:
        return _ANY[0](text) is not None
    _READ[0] += len(text)
    if _READ[0] > _COMPILE_AFTER:
        import re

        _ANY.append(re.compile(f"[{TRADITIONAL}]").search)
    return not _TRADITIONAL_SET.isdisjoint(text)


@lru_cache(maxsize=8)
def simplified(text: str) -> str:
    """The text with each traditional character of the table in its simplified form
    (as long as the text: offsets stay valid)."""
    return text.translate(_TABLE) if _holds_traditional(text) else text


def written_in(word: str, text: str) -> bool:
    """Whether a word of a simplified word list is written in the text, in either script."""
    return word in text or word in simplified(text)
