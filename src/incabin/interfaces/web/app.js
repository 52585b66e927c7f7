// The in-car screen: one session per page, a WebSocket for streamed turns and live events.
// URL parameters: ?driver=NAME&lang=en|zh&theme=day|night&token=T (a token the server needs).
import { lang, setLang, t } from "./i18n.js";
import { CarMap } from "./map.js";
import { DTC_LIST, SPEED, render, renderWarnings, setSignal, signal } from "./panel.js";
import { Conversation } from "./talk.js";

const params = new URLSearchParams(location.search);
const token = params.get("token") || sessionStorage.getItem("incabin.token") || "";
if (token) sessionStorage.setItem("incabin.token", token);
const $ = id => document.getElementById(id);
const LAT = "Vehicle.CurrentLocation.Latitude";
const LON = "Vehicle.CurrentLocation.Longitude";
const HEADING = "Vehicle.CurrentLocation.Heading";
let session = null;
let socket = null;
let online = false;  // the server said hello on the current socket
let voiceLangs = [];
const carMap = new CarMap($("map"), $("trip"), $("follow"));
const talk = new Conversation({
  send: (text, id) => online && socket.readyState === WebSocket.OPEN
    && (socket.send(JSON.stringify({ type: "turn", text, id })), true),
  showTalk: () => setView("talk"),
});

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.detail || response.statusText);
  return data;
}

function status(state) {
  $("status").dataset.state = state;
  $("status").textContent = t(state);
}

/** Which pane a narrow screen shows (wide screens show two or all three). */
function setView(view) {
  document.body.dataset.view = view;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-pressed", String(tab.dataset.view === view));
  }
  carMap.resize();
}

function toast(alert) {
  const item = document.createElement("div");
  item.className = `toast ${alert.priority === "safety" ? "safety" : ""}`;
  item.textContent = alert.text;
  $("toasts").appendChild(item);
  setTimeout(() => item.remove(), 8000);
}

async function refreshPanel() {
  const panel = await api("GET", `/v1/vehicle?session=${session.session}`);
  for (const s of panel.signals) if (s.available) setSignal(s.path, s.value);
  renderWarnings(panel.warnings);
  render();
  moveCar();
}

function moveCar() {
  carMap.setCar(signal(LAT), signal(LON), signal(HEADING), signal(SPEED));
}

/** Places a reply's search found (results with a name and coordinates), for the map. */
function placesOf(reply) {
  const found = [];
  for (const action of reply.actions || []) {
    if (!Array.isArray(action.result)) continue;
    for (const item of action.result) {
      if (item && typeof item.lat === "number" && typeof item.lon === "number" && item.name) {
        found.push(item);
      }
    }
  }
  return found;
}

const handlers = {
  hello(msg) {
    online = true;
    status("online");
    voiceLangs = msg.voice_langs || [];
    updateMic();
    talk.online();
  },
  token(msg) { talk.token(msg); },
  reply(msg) {
    talk.reply(msg);
    const places = placesOf(msg);
    if (places.length) carMap.setPlaces(places);
  },
  vehicle(msg) {
    setSignal(msg.path, msg.value);
    if (msg.path === LAT || msg.path === LON || msg.path === HEADING) moveCar();
    else render();
    if (msg.path === DTC_LIST) refreshPanel();
  },
  alert(msg) { toast(msg); },
  navigation(msg) {
    carMap.setRoute(msg.state);
    if (msg.state.active) carMap.setPlaces([]);
  },
  error(msg) { talk.failed(msg.detail, msg.id); },
  pong() {},
};

/** The mic works only where the server can recognise the screen's language. */
function updateMic() {
  const mic = $("mic");
  const recorder = navigator.mediaDevices?.getUserMedia && window.MediaRecorder;
  const heard = voiceLangs.includes(lang());
  mic.disabled = !recorder || !heard;
  mic.title = heard ? t("mic") : t("no_mic");
}

/** Push to talk: hold the mic, release to send the recording to /v1/voice (offline STT). */
function setupMic() {
  const mic = $("mic");
  let recorder = null;
  mic.addEventListener("pointerdown", async () => {
    if (mic.disabled) return;
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
      talk.failed(err.message);
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
  if (!response.ok) return talk.failed(data.detail);
  if (data.question) return talk.askHeard(data.transcript, data.question);
  if (!data.reply) return talk.note(t("unheard"));
  talk.heard(data.transcript, data.reply);
  if (data.audio) new Audio(`data:audio/wav;base64,${data.audio}`).play().catch(() => {});
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
    online = false;
    status("offline");
    talk.offline();
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
  carMap.restyle();
}

function relabel() {
  $("lang").textContent = lang() === "zh" ? "EN" : "中文";
  applyTheme(document.documentElement.dataset.theme);
  updateMic();
  render();
  carMap.renderTrip();
  status($("status").dataset.state);
}

async function loadMap() {
  try {
    carMap.setFeatures(await api("GET", "/v1/map"));
  } catch (err) {
    carMap.failed(err.message);
  }
}

async function start() {
  setLang(params.get("lang") || "en");
  applyTheme(params.get("theme") || "night");
  relabel();
  setView("talk");
  $("theme").addEventListener("click", () => {
    applyTheme(document.documentElement.dataset.theme === "night" ? "day" : "night");
  });
  $("lang").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh");
    relabel();
  });
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => setView(tab.dataset.view));
  }
  addEventListener("resize", () => carMap.resize());
  $("ask").addEventListener("submit", event => {
    event.preventDefault();
    talk.submit($("text").value);
    $("text").value = "";
  });
  try {
    session = await openSession(params.get("driver") || "driver");
  } catch (err) {
    status("offline");
    talk.failed(err.message);
    return;
  }
  $("driver").textContent = session.driver;
  document.body.dataset.session = session.session;
  await refreshPanel();
  carMap.setRoute(await api("GET", `/v1/navigation?session=${session.session}`));
  loadMap();
  setupMic();
  connect();
}

start();
