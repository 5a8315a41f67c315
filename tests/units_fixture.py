"""Shared fixture text for the units, signs and 左右 tests: a city of my own making.

The source is written for these tests, modelled on a government work report's list
of 主要预期目标; every figure below is worked out by hand from it.
"""

SOURCE = "甲市今年确保粮食产量稳定在120万吨以上，居民消费价格涨幅3%左右，单位地区生产总值能耗下降2%以上，城镇调查失业率控制在5.5%以内，地区生产总值增长5%左右，固定资产投资增长5%以上。乙区力争粮食产量达到30万吨。丙市确保粮食产量达到8000吨。\n"

DATA = """\
format = 1

[[sources]]
id = "demo"
file = "demo.txt"
title = "demo"
year = 2024

[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "乙区"
kind = "district"
parent = "甲市"
name_en = "Yi"

[[orgs]]
id = "丙市"
kind = "county-city"
parent = "甲市"
name_en = "Bing"

[[metrics]]
name = "粮食产量"
name_en = "Grain output"
dimension = "amount"
additive = true
category = "rural"

[[metrics]]
name = "居民消费价格涨幅"
name_en = "Consumer price rise"
dimension = "rate"
additive = false
category = "economy"
about = "ceiling"

[[metrics]]
name = "单位地区生产总值能耗"
name_en = "Energy use per unit of GDP"
dimension = "rate"
additive = false
category = "economy"

[[metrics]]
name = "城镇调查失业率"
name_en = "Surveyed urban unemployment"
dimension = "share"
additive = false
category = "social"

[[metrics]]
name = "地区生产总值增长"
name_en = "GDP growth"
dimension = "rate"
additive = false
category = "economy"

[[metrics]]
name = "固定资产投资增长"
name_en = "Fixed-asset investment growth"
dimension = "rate"
additive = false
category = "investment"

[[units]]
symbol = "吨"
quantity = "weight"
factor = 1
name_en = "tonnes"

[[units]]
symbol = "万吨"
quantity = "weight"
factor = 10_000
name_en = "10k tonnes"

[[units]]
symbol = "%"
quantity = "percent"
factor = 1
name_en = "%"

[[targets]]
id = "jia-grain"
org = "甲市"
metric = "粮食产量"
value = 120
unit = "万吨"
comparator = ">="
wording = "以上"
period = "2024"
source = "demo"
quote = "粮食产量稳定在120万吨以上"

[[targets]]
id = "jia-cpi"
org = "甲市"
metric = "居民消费价格涨幅"
value = 3
unit = "%"
comparator = "about"
wording = "左右"
period = "2024"
source = "demo"
quote = "居民消费价格涨幅3%左右"

[[targets]]
id = "jia-energy"
org = "甲市"
metric = "单位地区生产总值能耗"
value = 2
unit = "%"
comparator = ">="
wording = "以上"
direction = "down"
period = "2024"
source = "demo"
quote = "单位地区生产总值能耗下降2%以上"

[[targets]]
id = "jia-unemployment"
org = "甲市"
metric = "城镇调查失业率"
value = 5.5
unit = "%"
comparator = "<="
wording = "以内"
period = "2024"
source = "demo"
quote = "城镇调查失业率控制在5.5%以内"

[[targets]]
id = "jia-gdp-growth"
org = "甲市"
metric = "地区生产总值增长"
value = 5
unit = "%"
comparator = "about"
wording = "左右"
about = "level"
period = "2024"
source = "demo"
quote = "地区生产总值增长5%左右"

[[targets]]
id = "jia-fai-growth"
org = "甲市"
metric = "固定资产投资增长"
value = 5
unit = "%"
comparator = ">="
wording = "以上"
period = "2024"
source = "demo"
quote = "固定资产投资增长5%以上"

[[targets]]
id = "yi-grain"
org = "乙区"
metric = "粮食产量"
value = 30
unit = "万吨"
comparator = "="
wording = "达到"
period = "2024"
source = "demo"
quote = "粮食产量达到30万吨"

[[targets]]
id = "bing-grain"
org = "丙市"
metric = "粮食产量"
value = 8000
unit = "吨"
comparator = "="
wording = "达到"
period = "2024"
source = "demo"
quote = "粮食产量达到8000吨"

[[outcomes]]
id = "jia-cpi-2024"
target = "jia-cpi"
value = 0.2
unit = "%"
period = "2024"
publisher = "甲市统计局"
title = "甲市2024年国民经济和社会发展统计公报"
url = "https://example.org/jia-2024"

[[outcomes]]
id = "jia-energy-2024"
target = "jia-energy"
value = 3.1
unit = "%"
direction = "down"
period = "2024"
publisher = "甲市统计局"
title = "甲市2024年国民经济和社会发展统计公报"
url = "https://example.org/jia-2024"

[[outcomes]]
id = "jia-unemployment-2024"
target = "jia-unemployment"
value = 4.9
unit = "%"
period = "2024"
publisher = "甲市统计局"
title = "甲市2024年国民经济和社会发展统计公报"
url = "https://example.org/jia-2024"

[[outcomes]]
id = "jia-gdp-growth-2024"
target = "jia-gdp-growth"
value = 5.2
unit = "%"
period = "2024"
publisher = "甲市统计局"
title = "甲市2024年国民经济和社会发展统计公报"
url = "https://example.org/jia-2024"

[[outcomes]]
id = "jia-fai-growth-2024"
target = "jia-fai-growth"
value = -18.2
unit = "%"
period = "2024"
publisher = "甲市统计局"
title = "甲市2024年国民经济和社会发展统计公报"
url = "https://example.org/jia-2024"
"""
