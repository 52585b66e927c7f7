// The conversation pane: every request is shown at once and sent with an id (the server
// answers in order, car commands at once); one waiting behind another turn is flagged,
// requests typed offline are kept until the connection is back, a turn being answered
// shows its elapsed time, and a confirm/clarify question is always shown with its buttons.
import { t } from "./i18n.js";

const $ = id => document.getElementById(id);

export class Conversation {
  /** `send(text, id)` puts one turn on the wire (false when offline); `showTalk()` brings
   *  the conversation to the front on a narrow screen. */
  constructor({ send, showTalk }) {
    this.sendTurn = send;
    this.showTalk = showTalk;
    this.unsent = [];         // [{text, me}] typed while offline
    this.turns = new Map();   // id -> {me, bot, timer}: sent, not answered yet
    this.count = 0;
    this.asked = null;        // the log bubble whose question the card shows
  }

  bubble(kind, text) {
    const item = document.createElement("li");
    item.className = kind;
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
    $("log").appendChild(item);
    this.scroll();
    return item;
  }

  scroll() {
    $("log").scrollTop = $("log").scrollHeight;
  }

  /** A request from the text field (or a choice): shown at once, sent when online. The
   *  server answers in order, except that car commands pass a long model turn. */
  submit(text) {
    text = text.trim();
    if (!text) return;
    this.closeQuestion();
    this.unsent.push({ text, me: this.bubble("me", text) });
    this.flush();
  }

  flush() {
    while (this.unsent.length) {
      const { text, me } = this.unsent[0];
      const id = `t${++this.count}`;
      if (!this.sendTurn(text, id)) break;
      this.unsent.shift();
      const waiting = this.turns.size > 0;  // behind another turn: working once it starts
      this.turns.set(id, { me, bot: null, timer: null });
      flag(me, waiting ? "queued" : null);
      if (!waiting) this.startWorking(id);
    }
    for (const { me } of this.unsent) flag(me, "waiting");
    document.body.dataset.busy = String(this.turns.size > 0);
  }

  /** The turn `id` is being answered: its bubble shows the time it has taken so far. */
  startWorking(id) {
    const turn = this.turns.get(id);
    if (!turn || turn.bot) return turn;
    flag(turn.me, null);
    turn.bot = this.bubble("bot working", "");
    const elapsed = document.createElement("small");
    elapsed.className = "elapsed";
    turn.bot.appendChild(elapsed);
    const started = Date.now();
    const tick = () => {
      elapsed.textContent = `${t("working")} ${Math.floor((Date.now() - started) / 1000)} s`;
    };
    tick();
    turn.timer = setInterval(tick, 1000);
    return turn;
  }

  /** The turn an event belongs to: by its id, else the oldest one still open. */
  turnOf(id) {
    return this.turns.has(id) ? id : this.turns.keys().next().value;
  }

  finish(id) {
    const turn = this.turns.get(id);
    if (!turn) return null;
    clearInterval(turn.timer);
    this.turns.delete(id);
    turn.bot?.querySelector(".elapsed")?.remove();
    flag(turn.me, null);
    // the server answers the others in order: with none in the works, the next one is now
    const open = [...this.turns.entries()];
    if (!open.some(([, other]) => other.bot) && open.length) this.startWorking(open[0][0]);
    document.body.dataset.busy = String(this.turns.size > 0);
    return turn.bot;
  }

  token(msg) {
    const turn = this.startWorking(this.turnOf(msg.id));
    if (!turn) return;
    turn.bot.classList.add("streaming");
    turn.bot.querySelector(".text").textContent += msg.text;
    this.scroll();
  }

  /** The finished reply (ReplyOut): the bubble, and the question card for confirm/clarify. */
  reply(msg) {
    const item = this.finish(this.turnOf(msg.id)) || this.bubble("bot", "");
    item.querySelector(".text").textContent = msg.text;
    item.className = `bot act-${msg.act}`;
    item.dataset.act = msg.act;
    if (msg.act === "confirm") {
      const zh = msg.lang === "zh";
      this.ask(item, msg.text, [[t("yes"), "yes", () => this.submit(zh ? "是" : "yes")],
                                [t("no"), "no", () => this.submit(zh ? "不" : "no")]]);
    } else if (msg.act === "clarify") {
      this.ask(item, msg.text, msg.options.map(o => [o, "option", () => this.submit(o)]));
    }
  }

  /** A spoken request that was answered: what was heard, then the reply. */
  heard(transcript, reply) {
    this.bubble("me", transcript);
    this.reply(reply);
  }

  /** A spoken request heard unsurely: ask before anything runs. */
  askHeard(transcript, question) {
    const item = this.bubble("bot act-confirm", question);
    this.ask(item, question, [[t("yes"), "yes", () => this.submit(transcript)],
                              [t("no"), "no", () => { this.closeQuestion(); this.note(t("say_again")); }]]);
  }

  /** Show `question` next to its buttons ([label, class, action]); its bubble waits hidden. */
  ask(item, question, buttons) {
    this.closeQuestion();
    this.asked = item;
    item.hidden = true;
    $("question-text").textContent = question;
    $("choices").replaceChildren(...buttons.map(([label, kind, action]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `chip ${kind}`;
      button.textContent = label;
      button.addEventListener("click", action);
      return button;
    }));
    $("question").hidden = false;
    this.showTalk();
    this.scroll();
  }

  closeQuestion() {
    if (this.asked) this.asked.hidden = false;
    this.asked = null;
    $("question").hidden = true;
    $("choices").replaceChildren();
  }

  note(text) {
    this.bubble("bot", text);
  }

  /** An error event (of turn `id`, if it names one) or a failure of the page itself. */
  failed(detail, id = null) {
    if (this.turns.has(id)) this.finish(id)?.remove();
    this.bubble("bot error", detail);
  }

  /** The socket closed: turns in flight get no answer here; typed requests wait. */
  offline() {
    for (const id of [...this.turns.keys()]) {
      const bot = this.finish(id) || this.bubble("bot", "");
      bot.classList.add("error");
      bot.querySelector(".text").textContent ||= t("lost");
    }
    this.flush();
  }

  online() {
    this.flush();
  }
}

/** Mark a request bubble as queued or waiting for the connection (null: sent). */
function flag(item, why) {
  item.querySelector(".flag")?.remove();
  item.dataset.state = why || "sent";
  if (!why) return;
  const note = document.createElement("small");
  note.className = "flag";
  note.textContent = t(why);
  item.appendChild(note);
}
