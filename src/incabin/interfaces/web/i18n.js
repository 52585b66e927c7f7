// The screen's own words in English and Chinese (the assistant answers in the driver's language).
const TEXTS = {
  en: {
    driver: "Driver", connecting: "Connecting…", online: "Online", offline: "Offline — retrying",
    day: "Day", night: "Night", send: "Send", placeholder: "Ask incabin…",
    speed: "Speed", battery: "Battery", range: "Range", cabin: "Cabin", setpoint: "Set to",
    ac: "A/C", tyres: "Tyres (kPa)", doors: "Doors", windows: "Windows", trunk: "Trunk",
    open: "open", closed: "closed", on: "on", off: "off", all_closed: "all closed",
    yes: "Yes", no: "No", no_route: "No active route", to: "To", km: "km", min: "min",
    arrive: "arrive with", mic: "Hold to talk", unheard: "I didn't hear a request.",
    talk: "Talk", map: "Map", car: "Car", follow: "Follow car", front: "Front",
    front_left: "Front left", front_right: "Front right", rear_left: "Rear left",
    rear_right: "Rear right", tyre: "Tyre", window: "Window", working: "Working…",
    queued: "Queued: answered after the current request", waiting: "Offline: sends when back online",
    lost: "Connection lost before the answer came", say_again: "OK — please say it again.",
    no_mic: "No speech recogniser for English is installed on the server",
    no_map: "Map library not installed: run scripts/setup_venv.sh", map_failed: "Map unavailable",
    charging: "Charging", restaurant: "Restaurant", waypoint: "Stop",
  },
  zh: {
    driver: "驾驶员", connecting: "连接中…", online: "在线", offline: "离线，正在重试",
    day: "日间", night: "夜间", send: "发送", placeholder: "问问 incabin…",
    speed: "车速", battery: "电量", range: "续航", cabin: "车内", setpoint: "设定",
    ac: "空调", tyres: "胎压 (kPa)", doors: "车门", windows: "车窗", trunk: "后备箱",
    open: "开", closed: "关", on: "开", off: "关", all_closed: "全部关闭",
    yes: "是", no: "否", no_route: "没有进行中的导航", to: "前往", km: "公里", min: "分钟",
    arrive: "到达电量", mic: "按住说话", unheard: "没有听到请求。",
    talk: "对话", map: "地图", car: "车辆", follow: "跟随车辆", front: "车头",
    front_left: "左前", front_right: "右前", rear_left: "左后", rear_right: "右后",
    tyre: "胎压", window: "车窗", working: "处理中…", queued: "排队中：当前请求之后回答",
    waiting: "离线：恢复连接后发送", lost: "回答到达前连接中断", say_again: "好的，请再说一遍。",
    no_mic: "服务器未安装中文语音识别", no_map: "地图库未安装：请运行 scripts/setup_venv.sh",
    map_failed: "地图不可用", charging: "充电", restaurant: "餐厅", waypoint: "途经",
  },
};

let current = "en";

/** The UI text for `key` in the current language. */
export function t(key) {
  return TEXTS[current][key] ?? TEXTS.en[key] ?? key;
}

/** Switch the UI language and relabel every element marked with data-i18n. */
export function setLang(lang) {
  current = lang in TEXTS ? lang : "en";
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  return current;
}

export function lang() {
  return current;
}
