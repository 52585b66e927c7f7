"""Words for preference values in English and Chinese, shared by validation, the
statement extractor and the spoken descriptions.

Each table maps a stored value to ``(English label, Chinese label)``; the alias tables
map what a driver says to the stored value.
"""

from __future__ import annotations

Labels = dict[str, tuple[str, str]]

DIETS: Labels = {
    "vegetarian": ("vegetarian", "素食"),
    "vegan": ("vegan", "纯素"),
    "halal": ("halal", "清真"),
    "kosher": ("kosher", "犹太洁食"),
    "no_pork": ("no pork", "不吃猪肉"),
    "no_beef": ("no beef", "不吃牛肉"),
    "no_spicy": ("no spicy food", "不吃辣"),
    "no_seafood": ("no seafood", "不吃海鲜"),
    "no_alcohol": ("no alcohol", "不喝酒"),
    "gluten_free": ("gluten-free", "无麸质"),
    "lactose_free": ("lactose-free", "无乳糖"),
    "nut_allergy": ("no nuts", "不吃坚果"),
}

ROUTE_MODES: Labels = {
    "fastest": ("the fastest route", "最快路线"),
    "shortest": ("the shortest route", "最短路线"),
    "eco": ("the eco route", "节能路线"),
}

ROUTE_AVOID: Labels = {
    "tolls": ("toll roads", "收费路段"),
    "motorways": ("motorways", "高速公路"),
    "ferries": ("ferries", "轮渡"),
    "unpaved": ("unpaved roads", "土路"),
}

COLOURS: Labels = {
    "white": ("white", "白色"),
    "warm_white": ("warm white", "暖白色"),
    "red": ("red", "红色"),
    "orange": ("orange", "橙色"),
    "amber": ("amber", "琥珀色"),
    "yellow": ("yellow", "黄色"),
    "green": ("green", "绿色"),
    "cyan": ("cyan", "青色"),
    "blue": ("blue", "蓝色"),
    "purple": ("purple", "紫色"),
    "pink": ("pink", "粉色"),
    "off": ("off", "关闭"),
}

LANGUAGES: Labels = {"en": ("English", "英语"), "zh": ("Chinese", "中文")}
UNITS: Labels = {"metric": ("metric units", "公制单位"), "imperial": ("imperial units", "英制单位")}
VERBOSITY: Labels = {
    "brief": ("brief answers", "简短的回答"),
    "normal": ("normal answers", "一般长度的回答"),
    "chatty": ("chatty answers", "详细的回答"),
}
PRICE_LEVELS: Labels = {
    "cheap": ("cheap places", "便宜的餐厅"),
    "moderate": ("mid-priced places", "中等价位的餐厅"),
    "expensive": ("upscale places", "高档餐厅"),
}

# OSM ``cuisine=*`` values the extractor recognises, with spoken labels.
CUISINES: Labels = {
    "chinese": ("Chinese", "中餐"),
    "sichuan": ("Sichuan", "川菜"),
    "cantonese": ("Cantonese", "粤菜"),
    "hot_pot": ("hot pot", "火锅"),
    "japanese": ("Japanese", "日料"),
    "sushi": ("sushi", "寿司"),
    "ramen": ("ramen", "拉面"),
    "korean": ("Korean", "韩餐"),
    "thai": ("Thai", "泰国菜"),
    "vietnamese": ("Vietnamese", "越南菜"),
    "indian": ("Indian", "印度菜"),
    "italian": ("Italian", "意大利菜"),
    "pizza": ("pizza", "披萨"),
    "french": ("French", "法国菜"),
    "mexican": ("Mexican", "墨西哥菜"),
    "greek": ("Greek", "希腊菜"),
    "turkish": ("Turkish", "土耳其菜"),
    "kebab": ("kebab", "烤肉串"),
    "burger": ("burgers", "汉堡"),
    "finnish": ("Finnish", "芬兰菜"),
    "nepalese": ("Nepalese", "尼泊尔菜"),
    "middle_eastern": ("Middle Eastern", "中东菜"),
    "seafood": ("seafood", "海鲜"),
    "steak_house": ("steak", "牛排"),
    "barbecue": ("barbecue", "烧烤"),
    "noodle": ("noodles", "面食"),
    "dumpling": ("dumplings", "饺子"),
    "vegetarian": ("vegetarian food", "素菜"),
    "coffee_shop": ("coffee", "咖啡"),
}

CUISINE_ALIASES_EN: dict[str, str] = {
    **{en.lower(): value for value, (en, _zh) in CUISINES.items()},
    "chinese food": "chinese", "szechuan": "sichuan", "hotpot": "hot_pot",
    "burger": "burger", "hamburgers": "burger", "hamburger": "burger", "kebabs": "kebab",
    "noodle": "noodle", "dumpling": "dumpling", "bbq": "barbecue", "steak": "steak_house",
    "steaks": "steak_house", "curry": "indian", "tacos": "mexican", "pasta": "italian",
    "fish": "seafood", "vegetarian": "vegetarian", "coffee": "coffee_shop",
}

CUISINE_ALIASES_ZH: dict[str, str] = {
    **{zh: value for value, (_en, zh) in CUISINES.items()},
    "中国菜": "chinese", "四川菜": "sichuan", "广东菜": "cantonese", "日本菜": "japanese",
    "日本料理": "japanese", "日餐": "japanese", "韩国菜": "korean", "韩国料理": "korean",
    "泰餐": "thai", "意大利面": "italian", "意餐": "italian", "西餐": "french",
    "烤肉": "barbecue", "面条": "noodle", "牛排": "steak_house", "汉堡包": "burger",
}

# Charging networks the extractor recognises: spoken alias -> stored name.
NETWORKS: dict[str, str] = {
    "ionity": "IONITY", "tesla": "Tesla", "supercharger": "Tesla", "superchargers": "Tesla",
    "fastned": "Fastned", "allego": "Allego", "recharge": "Recharge", "virta": "Virta",
    "k-lataus": "K-Lataus", "plugit": "Plugit", "shell recharge": "Shell Recharge",
    "bp pulse": "bp pulse", "electrify america": "Electrify America", "evgo": "EVgo",
    "chargepoint": "ChargePoint", "ewe go": "EWE Go", "enbw": "EnBW",
    "国家电网": "State Grid", "state grid": "State Grid", "特来电": "TELD", "teld": "TELD",
    "星星充电": "Star Charge", "star charge": "Star Charge", "蔚来": "NIO", "nio": "NIO",
    "特斯拉": "Tesla", "超充": "Tesla",
}


def label(table: Labels, value: str, lang: str) -> str:
    """The spoken word for ``value`` in ``lang``; unknown values are spoken as stored."""
    words = table.get(value)
    if words is None:
        return value.replace("_", " ")
    return words[1] if lang == "zh" else words[0]
