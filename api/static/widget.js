/*
 * Chat widget of the Brussels job-seeker assistant (FR / NL / EN).
 *
 * Plain JavaScript, no dependencies. Load with:
 *   <link rel="stylesheet" href="/static/widget.css">
 *   <script src="/static/widget.js" data-language="fr" defer></script>
 * Optional attributes of the script tag:
 *   data-language  fr | nl | en   (else <html lang>, else the browser's language, else fr)
 *   data-endpoint  base URL of the API (else the origin the script was loaded from)
 *
 * Server text is always rendered with textContent / text nodes, never innerHTML.
 */
(function () {
  "use strict";

  var LANGUAGES = ["fr", "nl", "en"];
  var MAX_TEXT = 2000;
  var PAUSE_MS = 400;
  var STORE_SESSION = "assistant.session";
  var STORE_TRANSCRIPT = "assistant.transcript";
  var STORE_LANGUAGE = "assistant.language";
  var STORE_GREETED = "assistant.greeted";
  var GREET = "/greet";
  // How often the widget asks for messages the person did not ask for (a reminder …).
  var POLL_MS = 15000;

  // Used only until the server's translated strings arrive (or if they cannot be fetched).
  var FALLBACK = {
    fr: {
      launcher: "Discuter avec l'assistant pour chercheurs d'emploi",
      title: "Assistant pour chercheurs d'emploi",
      close: "Fermer le chat",
      input_label: "Votre message",
      send: "Envoyer",
      log_label: "Conversation",
      waiting: "L'assistant écrit…",
      error_network: "Pas de connexion. Votre message n'est pas envoyé. Veuillez réessayer.",
      error_input: "Ce message ne peut pas être envoyé. Veuillez écrire un message plus court.",
      language_menu: "Langue",
      you: "Vous :",
      assistant: "Assistant :"
    },
    nl: {
      launcher: "Chat met de assistent voor werkzoekenden",
      title: "Assistent voor werkzoekenden",
      close: "Chat sluiten",
      input_label: "Je bericht",
      send: "Verzenden",
      log_label: "Gesprek",
      waiting: "De assistent schrijft…",
      error_network: "Geen verbinding. Je bericht is niet verzonden. Probeer het opnieuw.",
      error_input: "Dit bericht kan niet worden verzonden. Schrijf een korter bericht.",
      language_menu: "Taal",
      you: "Jij:",
      assistant: "Assistent:"
    },
    en: {
      launcher: "Chat with the job-seeker assistant",
      title: "Job-seeker assistant",
      close: "Close the chat",
      input_label: "Your message",
      send: "Send",
      log_label: "Conversation",
      waiting: "The assistant is writing…",
      error_network: "No connection. Your message is not sent. Please try again.",
      error_input: "This message cannot be sent. Please write a shorter message.",
      language_menu: "Language",
      you: "You:",
      assistant: "Assistant:"
    }
  };

  // ---------------------------------------------------------------- configuration

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');

  function normalise(code) {
    if (!code) return null;
    var short = String(code).trim().toLowerCase().slice(0, 2);
    return LANGUAGES.indexOf(short) >= 0 ? short : null;
  }

  function initialLanguage() {
    var stored = normalise(storeGet(STORE_LANGUAGE));
    if (stored) return stored;
    var fromScript = script && normalise(script.getAttribute("data-language"));
    if (fromScript) return fromScript;
    var fromPage = normalise(document.documentElement.getAttribute("lang"));
    if (fromPage) return fromPage;
    var browser = navigator.languages || [navigator.language];
    for (var i = 0; i < browser.length; i++) {
      var found = normalise(browser[i]);
      if (found) return found;
    }
    return "fr";
  }

  function apiBase() {
    var configured = script && script.getAttribute("data-endpoint");
    if (configured) return configured.replace(/\/+$/, "");
    try {
      if (script && script.src) return new URL(script.src, location.href).origin;
    } catch (e) { /* fall through */ }
    return "";
  }

  // ---------------------------------------------------------------- storage

  function storeGet(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function storeSet(key, value) {
    try { window.sessionStorage.setItem(key, value); } catch (e) { /* private mode, full */ }
  }
  function storeRemove(key) {
    try { window.sessionStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function loadTranscript() {
    try {
      var parsed = JSON.parse(storeGet(STORE_TRANSCRIPT) || "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(function (m) {
        return m && (m.who === "user" || m.who === "bot") && typeof m.text === "string";
      });
    } catch (e) {
      return [];
    }
  }

  // ---------------------------------------------------------------- state

  var BASE = apiBase();
  var state = {
    language: initialLanguage(),       // language of the conversation and of the controls
    stringsLanguage: null,             // language of the strings currently shown
    strings: null,
    session: storeGet(STORE_SESSION),
    transcript: loadTranscript(),      // [{who, text, lang?, buttons?, chosen?}]
    busy: false,
    open: false
  };
  state.strings = FALLBACK[state.language];
  var stringsCache = {};
  var elements = [];                   // DOM element of each transcript entry (same index)
  var ui = {};

  function saveTranscript() {
    storeSet(STORE_TRANSCRIPT, JSON.stringify(state.transcript));
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (name === "className") node.className = attrs[name];
        else node.setAttribute(name, attrs[name]);
      });
    }
    if (text != null) node.textContent = text;
    return node;
  }

  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

  /** Append text to parent, turning http(s) URLs into safe links. */
  function appendLinkified(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var url = match[0];
      // Punctuation right after a URL belongs to the sentence, not the address.
      var trailing = /[.,;:!?)\]}»]+$/.exec(url);
      if (trailing) url = url.slice(0, url.length - trailing[0].length);
      var start = match.index;
      var href = null;
      try {
        var parsed = new URL(url);
        if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
      } catch (e) { href = null; }
      if (!href) continue;
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      var link = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, url);
      parent.appendChild(link);
      last = start + url.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- building the widget

  /** A speech-bubble icon drawn inline (no emoji font or image file needed). */
  function bubbleIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "assistant-launcher-icon");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function build() {
    var s = state.strings;
    var root = el("div", { id: "assistant-widget", className: "assistant-widget", lang: state.language });

    var launcher = el("button", {
      id: "assistant-launcher",
      className: "assistant-launcher",
      type: "button",
      "aria-expanded": "false",
      "aria-controls": "assistant-panel"
    });
    var launcherIcon = bubbleIcon();
    var launcherText = el("span", { className: "assistant-launcher-text" }, s.launcher);
    launcher.appendChild(launcherIcon);
    launcher.appendChild(launcherText);

    var panel = el("div", {
      id: "assistant-panel",
      className: "assistant-panel",
      role: "dialog",
      "aria-label": s.title,
      lang: state.language
    });
    panel.hidden = true;

    var header = el("div", { className: "assistant-header" });
    var title = el("h2", { id: "assistant-title", className: "assistant-title" }, s.title);
    var close = el("button", {
      id: "assistant-close",
      className: "assistant-close",
      type: "button",
      "aria-label": s.close,
      title: s.close
    });
    close.appendChild(el("span", { "aria-hidden": "true" }, "×"));
    header.appendChild(title);
    header.appendChild(close);

    var log = el("div", {
      id: "assistant-log",
      className: "assistant-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": s.log_label,
      tabindex: "0"
    });

    var status = el("div", { id: "assistant-status", className: "assistant-status", role: "status" });
    var error = el("div", { id: "assistant-error", className: "assistant-error", role: "alert" });

    var form = el("form", { id: "assistant-form", className: "assistant-form", novalidate: "" });
    var label = el("label", { id: "assistant-input-label", "for": "assistant-input", className: "assistant-label" }, s.input_label);
    var row = el("div", { className: "assistant-row" });
    var input = el("input", {
      id: "assistant-input",
      className: "assistant-input",
      type: "text",
      name: "message",
      maxlength: String(MAX_TEXT),
      autocomplete: "off",
      enterkeyhint: "send",
      "aria-describedby": "assistant-error"
    });
    var send = el("button", { id: "assistant-send", className: "assistant-send", type: "submit" }, s.send);
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(label);
    form.appendChild(row);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(error);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);

    ui = {
      root: root, launcher: launcher, launcherText: launcherText, panel: panel, title: title,
      close: close, log: log, status: status, error: error, form: form, label: label,
      input: input, send: send
    };

    launcher.addEventListener("click", function () {
      if (state.open) closePanel(); else openPanel();
    });
    close.addEventListener("click", closePanel);
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && state.open) {
        event.preventDefault();
        closePanel();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitTyped();
    });
    input.addEventListener("input", function () {
      if (input.getAttribute("aria-invalid")) {
        input.removeAttribute("aria-invalid");
        showError("");
      }
    });

    document.body.appendChild(root);

    state.transcript.forEach(function (entry, index) { renderEntry(entry, index); });
    updateChoices();
  }

  // ---------------------------------------------------------------- strings / language

  function applyStrings() {
    var s = state.strings;
    ui.launcherText.textContent = s.launcher;
    ui.panel.setAttribute("aria-label", s.title);
    ui.title.textContent = s.title;
    ui.close.setAttribute("aria-label", s.close);
    ui.close.setAttribute("title", s.close);
    ui.log.setAttribute("aria-label", s.log_label);
    ui.label.textContent = s.input_label;
    ui.send.textContent = s.send;
    if (state.busy) ui.status.textContent = s.waiting;
    var prefixes = ui.log.querySelectorAll(".assistant-who");
    for (var i = 0; i < prefixes.length; i++) {
      var who = prefixes[i].getAttribute("data-who");
      prefixes[i].textContent = who === "user" ? s.you : s.assistant;
      prefixes[i].setAttribute("lang", state.stringsLanguage || state.language);
    }
  }

  function loadStrings(language) {
    if (stringsCache[language]) {
      useStrings(language, stringsCache[language]);
      return Promise.resolve();
    }
    return fetch(BASE + "/web/strings?language=" + encodeURIComponent(language), {
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error("strings " + response.status);
        return response.json();
      })
      .then(function (body) {
        var merged = {};
        var fallback = FALLBACK[language];
        Object.keys(fallback).forEach(function (key) {
          var value = body && body.strings && body.strings[key];
          merged[key] = typeof value === "string" && value ? value : fallback[key];
        });
        stringsCache[language] = merged;
        if (state.language === language) useStrings(language, merged);
      })
      .catch(function () {
        if (state.language === language) useStrings(language, FALLBACK[language]);
      });
  }

  function useStrings(language, strings) {
    state.strings = strings;
    state.stringsLanguage = language;
    applyStrings();
  }

  function setLanguage(language) {
    language = normalise(language);
    if (!language) return;
    ui.root.setAttribute("lang", language);
    ui.panel.setAttribute("lang", language);
    if (language === state.language && state.stringsLanguage === language) return;
    state.language = language;
    storeSet(STORE_LANGUAGE, language);
    loadStrings(language);
  }

  // ---------------------------------------------------------------- transcript rendering

  function renderEntry(entry, index) {
    var s = state.strings;
    var node = el("div", { className: "assistant-message " + (entry.who === "user" ? "user" : "bot") });
    if (entry.who === "bot" && entry.lang) node.setAttribute("lang", entry.lang);
    var who = el("span", {
      className: "assistant-who visually-hidden",
      "data-who": entry.who,
      lang: state.stringsLanguage || state.language
    }, (entry.who === "user" ? s.you : s.assistant) + " ");
    node.appendChild(who);
    var body = el("span", { className: "assistant-text" });
    if (entry.who === "bot") appendLinkified(body, entry.text);
    else body.textContent = entry.text;
    node.appendChild(body);
    ui.log.appendChild(node);
    elements[index] = node;
    scrollToEnd();
    return node;
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  /** Index of the first entry of the latest reply (after the last user message). */
  function latestReplyStart() {
    for (var i = state.transcript.length - 1; i >= 0; i--) {
      if (state.transcript[i].who === "user") return i + 1;
    }
    return 0;
  }

  /**
   * Choice buttons: live under the messages of the latest reply; kept (disabled) under
   * a message whose button was pressed; removed elsewhere.
   */
  function updateChoices() {
    var start = latestReplyStart();
    state.transcript.forEach(function (entry, index) {
      var node = elements[index];
      if (!node || entry.who !== "bot") return;
      var group = node.querySelector(".assistant-choices");
      var buttons = Array.isArray(entry.buttons) ? entry.buttons : [];
      var live = index >= start && !entry.chosen;
      var keep = buttons.length && (live || entry.chosen);
      if (!keep) {
        if (group) group.parentNode.removeChild(group);
        return;
      }
      if (!group) {
        group = el("div", { className: "assistant-choices", role: "group" });
        buttons.forEach(function (button) {
          if (!button || typeof button.title !== "string" || typeof button.payload !== "string") return;
          var choice = el("button", { type: "button", className: "choice" }, button.title);
          choice.setAttribute("data-payload", button.payload);
          choice.addEventListener("click", function () { pressChoice(index, button, choice); });
          group.appendChild(choice);
        });
        node.appendChild(group);
      }
      var choices = group.querySelectorAll("button.choice");
      for (var i = 0; i < choices.length; i++) {
        choices[i].disabled = !live;
        var chosen = entry.chosen && choices[i].getAttribute("data-payload") === entry.chosen;
        choices[i].classList.toggle("chosen", !!chosen);
      }
    });
  }

  // ---------------------------------------------------------------- panel

  function openPanel() {
    state.open = true;
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.root.classList.add("is-open");
    scrollToEnd();
    ui.input.focus();
    if (!storeGet(STORE_GREETED) && state.transcript.length === 0 && !state.busy) {
      send(GREET, { silent: true }).then(function (ok) {
        if (ok) storeSet(STORE_GREETED, "1");
      });
    }
  }

  function closePanel() {
    state.open = false;
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.root.classList.remove("is-open");
    ui.launcher.focus();
  }

  // ---------------------------------------------------------------- talking to the server

  function setBusy(busy) {
    state.busy = busy;
    if (busy && document.activeElement === ui.send) ui.input.focus();
    ui.send.disabled = busy;
    ui.log.setAttribute("aria-busy", busy ? "true" : "false");
    ui.status.textContent = busy ? state.strings.waiting : "";
  }

  function showError(text) {
    ui.error.textContent = text || "";
    ui.error.classList.toggle("is-visible", !!text);
  }

  function postJSON(path, payload) {
    return fetch(BASE + path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Accept-Language": state.language
      },
      body: JSON.stringify(payload)
    });
  }

  function createSession() {
    return postJSON("/web/sessions", { language: state.language }).then(function (response) {
      if (response.status !== 201 && !response.ok) throw new Error("session " + response.status);
      return response.json();
    }).then(function (body) {
      if (!body || typeof body.session !== "string" || !body.session) throw new Error("session body");
      state.session = body.session;
      storeSet(STORE_SESSION, body.session);
      return body.session;
    });
  }

  function ensureSession() {
    return state.session ? Promise.resolve(state.session) : createSession();
  }

  /** Resolves to {ok: true, body} or {ok: false, detail?}. */
  function postMessage(text, retried) {
    return ensureSession().then(function (token) {
      return postJSON("/web/messages", { session: token, text: text });
    }).then(function (response) {
      if (response.status === 404 && !retried) {
        state.session = null;
        storeRemove(STORE_SESSION);
        return postMessage(text, true);
      }
      if (response.status === 422) {
        return response.json().then(function (body) {
          return { ok: false, detail: body && typeof body.detail === "string" ? body.detail : state.strings.error_input };
        }, function () {
          return { ok: false, detail: state.strings.error_input };
        });
      }
      if (!response.ok) return { ok: false };
      return response.json().then(function (body) { return { ok: true, body: body }; });
    });
  }

  /**
   * Send text; options: silent (no user message), shown (text to show as the user's message),
   * onFail (called when the message could not be delivered). Resolves to true on success.
   */
  function send(text, options) {
    options = options || {};
    if (state.busy) return Promise.resolve(false);
    showError("");
    ui.input.removeAttribute("aria-invalid");
    setBusy(true);

    var userNode = null;
    var userEntry = null;
    if (!options.silent) {
      userEntry = { who: "user", text: options.shown || text };
      userNode = renderEntry(userEntry, state.transcript.length);
    }

    return postMessage(text, false).catch(function () {
      return { ok: false };
    }).then(function (result) {
      if (!result.ok) {
        if (userNode && userNode.parentNode) userNode.parentNode.removeChild(userNode);
        elements.length = state.transcript.length;
        setBusy(false);
        showError(result.detail || state.strings.error_network);
        if (result.detail) ui.input.setAttribute("aria-invalid", "true");
        if (options.onFail) options.onFail();
        return false;
      }
      if (userEntry) {
        state.transcript.push(userEntry);
        saveTranscript();
      }
      updateChoices();
      var body = result.body || {};
      var language = normalise(body.language) || state.language;
      var messages = Array.isArray(body.messages) ? body.messages : [];
      if (body.erased === true) forgetTranscript();
      return showReply(messages, language).then(function () {
        setLanguage(language);
        setBusy(false);
        return true;
      });
    });
  }

  /** The person erased their data: this browser forgets the conversation too. */
  function forgetTranscript() {
    state.transcript = [];
    elements.length = 0;
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    saveTranscript();
  }

  function showReply(messages, language) {
    var pause = reducedMotion() ? 0 : PAUSE_MS;
    var chain = Promise.resolve();
    messages.forEach(function (message, position) {
      if (!message || typeof message.text !== "string") return;
      chain = chain.then(function () {
        return position > 0 && pause ? wait(pause) : null;
      }).then(function () {
        var entry = {
          who: "bot",
          text: message.text,
          lang: language,
          buttons: (Array.isArray(message.buttons) ? message.buttons : []).map(function (b) {
            return { title: String(b.title), payload: String(b.payload) };
          })
        };
        state.transcript.push(entry);
        saveTranscript();
        renderEntry(entry, state.transcript.length - 1);
        updateChoices();
      });
    });
    return chain;
  }

  /** Messages not asked for (a reminder the day before a booking …), shown like replies. */
  function pollNotifications() {
    if (!state.session || state.busy || document.hidden) return Promise.resolve();
    return postJSON("/web/notifications", { session: state.session }).then(function (response) {
      if (!response.ok) return null;
      return response.json();
    }).then(function (body) {
      if (!body || !Array.isArray(body.messages) || !body.messages.length) return;
      return showReply(body.messages, normalise(body.language) || state.language);
    }).catch(function () { /* offline: try again later */ });
  }

  function submitTyped() {
    var raw = ui.input.value;
    var text = raw.trim();
    if (!text || state.busy) return;
    if (text.length > MAX_TEXT) {
      showError(state.strings.error_input);
      ui.input.setAttribute("aria-invalid", "true");
      return;
    }
    ui.input.value = "";
    send(text, {
      onFail: function () {
        // Nothing is lost: the text goes back into the input unless something new was typed.
        if (!ui.input.value) ui.input.value = raw;
      }
    }).then(function () {
      if (state.open && document.activeElement !== ui.input &&
          (!document.activeElement || document.activeElement === document.body || document.activeElement === ui.send)) {
        ui.input.focus();
      }
    });
  }

  function pressChoice(index, button, choiceNode) {
    var entry = state.transcript[index];
    if (!entry || entry.chosen || state.busy) return;
    var hadFocus = document.activeElement === choiceNode;
    entry.chosen = button.payload;
    updateChoices();
    // The pressed button is now disabled: keep keyboard focus in the conversation.
    if (hadFocus) ui.input.focus();
    send(button.payload, {
      shown: button.title,
      onFail: function () {
        entry.chosen = null;
        updateChoices();
      }
    }).then(function (ok) {
      saveTranscript();
      if (!ok && choiceNode && !choiceNode.disabled) choiceNode.focus();
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    if (document.getElementById("assistant-widget")) return; // loaded twice
    build();
    loadStrings(state.language);
    setInterval(pollNotifications, POLL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
