// The in-car screen: one session per page, a WebSocket for streamed turns and live events.
// URL parameters: ?driver=NAME&lang=en|zh&theme=day|night&token=T (a token the server needs).
import { lang, setLang, t } from "./i18n.js";
import { drawRoute } from "./map.js";
import { DTC_LIST, render, renderWarnings, setSignal } from "./panel.js";

const params = new URLSearchParams(location.search);
const token = params.get("token") || sessionStorage.getItem("incabin.token") || "";
if (token) sessionStorage.setItem("incabin.token", token);
const $ = id => document.getElementById(id);
const ui = {
  log: $("log"), choices: $("choices"), form: $("ask"), text: $("text"), status: $("status"),
  route: $("route"), trip: $("trip"), toasts: $("toasts"),
};
let session = null;
let socket = null;
let streaming = null; // the assistant bubble being streamed into
let navigation = null;

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.detail || response.statusText);
  return data;
}

function status(state) {
  ui.status.dataset.state = state;
  ui.status.textContent = t(state);
}

function bubble(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  ui.log.appendChild(item);
  ui.log.scrollTop = ui.log.scrollHeight;
  return item;
}

function send(text) {
  text = text.trim();
  if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
  bubble("me", text);
  showChoices(null);
  streaming = bubble("bot streaming", "");
  socket.send(JSON.stringify({ type: "turn", text }));
}

function choiceButton(label, className, text) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `chip ${className}`;
  button.textContent = label;
  button.addEventListener("click", () => send(text));
  return button;
}

/** Yes / No for a confirm, one chip per option for a clarify; nothing otherwise. */
function showChoices(reply) {
  ui.choices.replaceChildren();
  if (reply?.act === "confirm") {
    const zh = reply.lang === "zh";
    ui.choices.append(choiceButton(t("yes"), "yes", zh ? "是" : "yes"),
                      choiceButton(t("no"), "no", zh ? "不" : "no"));
  } else if (reply?.act === "clarify") {
    for (const option of reply.options) ui.choices.append(choiceButton(option, "option", option));
  }
  ui.choices.hidden = ui.choices.childElementCount === 0;
}

function toast(alert) {
  const item = document.createElement("div");
  item.className = `toast ${alert.priority === "safety" ? "safety" : ""}`;
  item.textContent = alert.text;
  ui.toasts.appendChild(item);
  setTimeout(() => item.remove(), 8000);
}

async function refreshPanel() {
  const panel = await api("GET", `/v1/vehicle?session=${session.session}`);
  for (const s of panel.signals) if (s.available) setSignal(s.path, s.value);
  renderWarnings(panel.warnings);
  render();
}

const handlers = {
  hello() { status("online"); },
  token(msg) {
    if (!streaming) streaming = bubble("bot streaming", "");
    streaming.textContent += msg.text;
    ui.log.scrollTop = ui.log.scrollHeight;
  },
  reply(msg) {
    const item = streaming || bubble("bot", "");
    item.textContent = msg.text;
    item.className = `bot act-${msg.act}`;
    item.dataset.act = msg.act;
    streaming = null;
    showChoices(msg);
  },
  vehicle(msg) {
    setSignal(msg.path, msg.value);
    render();
    if (msg.path === DTC_LIST) refreshPanel();
  },
  alert(msg) { toast(msg); },
  navigation(msg) {
    navigation = msg.state;
    drawRoute(ui.route, ui.trip, navigation);
  },
  error(msg) {
    if (streaming) { streaming.remove(); streaming = null; }
    bubble("bot error", msg.detail);
  },
  pong() {},
};

/** Push to talk: hold the mic, release to send the recording to /v1/voice (offline STT). */
function setupMic() {
  const mic = $("mic");
  if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) return;  // stays disabled
  mic.disabled = false;
  let recorder = null;
  mic.addEventListener("pointerdown", async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", event => chunks.push(event.data));
      recorder.addEventListener("stop", () => {
        stream.getTracks().forEach(track => track.stop());
        sendVoice(new Blob(chunks, { type: recorder.mimeType }));
      });
      recorder.start();
      mic.classList.add("recording");
    } catch (err) {
      bubble("bot error", err.message);
    }
  });
  const release = () => {
    if (recorder?.state === "recording") recorder.stop();
    mic.classList.remove("recording");
  };
  mic.addEventListener("pointerup", release);
  mic.addEventListener("pointerleave", release);
}

async function sendVoice(blob) {
  const headers = { "Content-Type": blob.type.split(";")[0] || "audio/webm" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/v1/voice?session=${session.session}`,
                               { method: "POST", headers, body: blob });
  const data = await response.json();
  if (!response.ok) return bubble("bot error", data.detail);
  if (!data.reply) return bubble("bot", t("unheard"));
  bubble("me", data.transcript);
  handlers.reply(data.reply);
  refreshPanel();
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams({ session: session.session });
  if (token) query.set("token", token);
  socket = new WebSocket(`${scheme}://${location.host}/v1/ws?${query}`);
  socket.addEventListener("message", event => {
    const msg = JSON.parse(event.data);
    handlers[msg.type]?.(msg);
  });
  socket.addEventListener("close", event => {
    status("offline");
    if (event.code === 4404) {  // the server closed this session (idle, restarted): start anew
      sessionStorage.removeItem("incabin.session");
      setTimeout(() => location.reload(), 2000);
    } else {
      setTimeout(connect, 2000);
    }
  });
}

/** This tab's session again after a reload (while the server still has it), else a new one. */
async function openSession(driver) {
  const saved = JSON.parse(sessionStorage.getItem("incabin.session") || "null");
  if (saved?.driver === driver) {
    try {
      await api("GET", `/v1/profile?session=${saved.session}`);
      return saved;
    } catch {
      sessionStorage.removeItem("incabin.session");
    }
  }
  const created = await api("POST", "/v1/sessions", { driver, lang: lang() });
  sessionStorage.setItem("incabin.session", JSON.stringify(created));
  return created;
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $("theme").textContent = t(theme === "night" ? "day" : "night");
}

async function start() {
  setLang(params.get("lang") || "en");
  applyTheme(params.get("theme") || "night");
  $("lang").textContent = lang() === "zh" ? "EN" : "中文";
  $("mic").title = t("mic");
  $("theme").addEventListener("click", () => {
    applyTheme(document.documentElement.dataset.theme === "night" ? "day" : "night");
  });
  $("lang").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh");
    $("lang").textContent = lang() === "zh" ? "EN" : "中文";
    $("mic").title = t("mic");
    applyTheme(document.documentElement.dataset.theme);
    render();
    drawRoute(ui.route, ui.trip, navigation);
    status(ui.status.dataset.state);
  });
  ui.form.addEventListener("submit", event => {
    event.preventDefault();
    send(ui.text.value);
    ui.text.value = "";
  });
  try {
    session = await openSession(params.get("driver") || "driver");
  } catch (err) {
    status("offline");
    bubble("bot error", err.message);
    return;
  }
  $("driver").textContent = session.driver;
  document.body.dataset.session = session.session;
  await refreshPanel();
  navigation = await api("GET", `/v1/navigation?session=${session.session}`);
  drawRoute(ui.route, ui.trip, navigation);
  setupMic();
  connect();
}

start();
