/*
 * Chat widget of the Brussels job-seeker assistant (FR / NL / EN).
 *
 * Plain JavaScript and CSS, no dependencies, no build step. One tag embeds it on any page:
 *   <script src="https://assistant.example/static/widget.js" data-language="fr" defer></script>
 * Optional attributes of the script tag:
 *   data-language  fr | nl | en   (else <html lang>, else the browser's language, else fr)
 *   data-endpoint  base URL of the API (else the origin the script was loaded from)
 *
 * The widget lives in a shadow root with its own stylesheet (widget.css, next to this file):
 * the page's CSS does not reach it and its CSS does not reach the page.
 *
 * Server text is always rendered with textContent / text nodes, never innerHTML.
 *
 * Messages the server sends: {text, buttons: [{title, payload, lang?}], sender?, name?}
 *   sender  "assistant" (default) or "counsellor"; a counsellor's message shows who wrote it.
 *   lang    on a button written in another language than its message ("Nederlands").
 */
(function () {
  "use strict";

  var LANGUAGES = ["fr", "nl", "en"];
  // Each language named in itself: the language control reads the same in every language.
  var LANGUAGE_NAMES = { fr: "Français", nl: "Nederlands", en: "English" };
  var MAX_TEXT = 2000;
  var PAUSE_MS = 400;
  var STORE_SESSION = "assistant.session";
  var STORE_TRANSCRIPT = "assistant.transcript";
  var STORE_LANGUAGE = "assistant.language";
  var STORE_GREETED = "assistant.greeted";
  var GREET = "/greet";
  // How often the widget asks for messages the person did not ask for (a reminder …), and
  // while a counsellor is asked for or holds the conversation (their messages).
  var POLL_MS = 15000;
  var HANDOVER_POLL_MS = 3000;
  // Where the panel covers the whole screen, it is a modal dialog (same queries as widget.css).
  var COVERING = "(max-width: 479.98px), (max-height: 480px)";

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
      assistant: "Assistant :",
      counsellor: "Conseiller ou conseillère"
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
      assistant: "Assistent:",
      counsellor: "Consulent"
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
      assistant: "Assistant:",
      counsellor: "Counsellor"
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

  function stylesheetUrl() {
    try {
      if (script && script.src) return new URL("widget.css", new URL(script.src, location.href)).href;
    } catch (e) { /* fall through */ }
    return BASE + "/static/widget.css";
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
    // [{who, text, lang?, buttons?, chosen?, sender?, name?, label?, labelLang?}]
    transcript: loadTranscript(),
    busy: false,
    open: false,
    handover: null                     // "queued" | "human" while a counsellor is asked for or answers
  };
  state.strings = FALLBACK[state.language];
  var stringsCache = {};
  var elements = [];                   // DOM element of each transcript entry (same index)
  var ui = {};
  var madeInert = [];                  // elements of the page made inert while the panel is modal
  var covering = window.matchMedia ? window.matchMedia(COVERING) : null;
  var uid = 0;

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

  /** The element that has the focus, inside the widget's shadow root or on the page. */
  function focused() {
    return (ui.shadow && ui.shadow.activeElement) || document.activeElement;
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

  /** FR · NL · EN in the header: always there, whatever the conversation shows. */
  function languageControl() {
    var group = el("div", { className: "assistant-languages", role: "group" });
    var buttons = {};
    LANGUAGES.forEach(function (code) {
      var button = el("button", {
        type: "button",
        className: "assistant-language",
        lang: code,
        "aria-label": code.toUpperCase() + " – " + LANGUAGE_NAMES[code],
        "aria-pressed": "false"
      }, code.toUpperCase());
      button.addEventListener("click", function () { chooseLanguage(code); });
      group.appendChild(button);
      buttons[code] = button;
    });
    return { group: group, buttons: buttons };
  }

  function build() {
    var s = state.strings;
    var host = el("div", { id: "assistant-widget-host" });
    var shadow = host.attachShadow({ mode: "open" });
    var stylesheet = el("link", { rel: "stylesheet", href: stylesheetUrl() });
    shadow.appendChild(stylesheet);

    var root = el("div", { id: "assistant-widget", className: "assistant-widget", lang: state.language });

    var launcher = el("button", {
      id: "assistant-launcher",
      className: "assistant-launcher",
      type: "button",
      "aria-expanded": "false",
      "aria-controls": "assistant-panel"
    });
    var launcherText = el("span", { className: "assistant-launcher-text" }, s.launcher);
    launcher.appendChild(bubbleIcon());
    launcher.appendChild(launcherText);

    var panel = el("div", {
      id: "assistant-panel",
      className: "assistant-panel",
      role: "dialog",
      "aria-labelledby": "assistant-title",
      lang: state.language
    });
    panel.hidden = true;

    var header = el("div", { className: "assistant-header" });
    var title = el("h2", { id: "assistant-title", className: "assistant-title" }, s.title);
    var languages = languageControl();
    var close = el("button", {
      id: "assistant-close",
      className: "assistant-close",
      type: "button",
      "aria-label": s.close,
      title: s.close
    });
    close.appendChild(el("span", { "aria-hidden": "true" }, "×"));
    var tools = el("div", { className: "assistant-tools" });
    tools.appendChild(languages.group);
    tools.appendChild(close);
    header.appendChild(title);
    header.appendChild(tools);

    // The log announces each new message once: messages are added whole and never rewritten.
    var log = el("div", {
      id: "assistant-log",
      className: "assistant-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": s.log_label,
      tabindex: "0"
    });

    // "The assistant is writing…": outside the log, so the log only ever gains messages.
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
      placeholder: s.input_label,
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
      host: host, shadow: shadow, root: root, launcher: launcher, launcherText: launcherText,
      panel: panel, title: title, languages: languages, close: close, log: log, status: status,
      error: error, form: form, label: label, input: input, send: send
    };

    launcher.addEventListener("click", function () {
      if (state.open) closePanel(); else openPanel();
    });
    close.addEventListener("click", closePanel);
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && state.open) {
        event.preventDefault();
        closePanel();
      } else if (event.key === "Tab" && state.open && isModal()) {
        keepFocusInside(event);
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
    if (covering) {
      var onChange = function () { if (state.open) applyModality(); };
      if (covering.addEventListener) covering.addEventListener("change", onChange);
      else if (covering.addListener) covering.addListener(onChange);
    }

    state.transcript.forEach(function (entry, index) { renderEntry(entry, index); });
    updateChoices();
    showLanguage();

    // The widget appears once its stylesheet is there (or could not be loaded).
    var shown = false;
    var show = function () {
      if (shown) return;
      shown = true;
      shadow.appendChild(root);
    };
    stylesheet.addEventListener("load", show);
    stylesheet.addEventListener("error", show);
    setTimeout(show, 3000);
    document.body.appendChild(host);
  }

  // ---------------------------------------------------------------- strings / language

  function applyStrings() {
    var s = state.strings;
    ui.launcherText.textContent = s.launcher;
    ui.title.textContent = s.title;
    ui.close.setAttribute("aria-label", s.close);
    ui.close.setAttribute("title", s.close);
    ui.log.setAttribute("aria-label", s.log_label);
    ui.languages.group.setAttribute("aria-label", s.language_menu);
    ui.label.textContent = s.input_label;
    ui.input.setAttribute("placeholder", s.input_label);
    ui.send.textContent = s.send;
    if (state.busy) ui.status.textContent = s.waiting;
    // Messages already shown keep their words: nothing inside the log is rewritten.
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

  /** The header's language control shows the conversation's language as pressed. */
  function showLanguage() {
    LANGUAGES.forEach(function (code) {
      ui.languages.buttons[code].setAttribute("aria-pressed", code === state.language ? "true" : "false");
    });
  }

  function setLanguage(language) {
    language = normalise(language);
    if (!language) return;
    ui.root.setAttribute("lang", language);
    ui.panel.setAttribute("lang", language);
    if (language === state.language && state.stringsLanguage === language) return;
    state.language = language;
    storeSet(STORE_LANGUAGE, language);
    showLanguage();
    loadStrings(language);
  }

  /** The header's FR · NL · EN: asks the assistant to switch, as "in English please" does. */
  function chooseLanguage(language) {
    if (state.busy) return;
    if (language === state.language && state.stringsLanguage === language && state.transcript.length) return;
    send('/choose_language{"language": "' + language + '"}', {
      shown: LANGUAGE_NAMES[language],
      shownLang: language
    });
  }

  // ---------------------------------------------------------------- transcript rendering

  /** The question a message asks: its last line (the name of its group of answers). */
  function questionOf(text) {
    var lines = String(text).split(/\n+/).map(function (l) { return l.trim(); }).filter(Boolean);
    return lines.length ? lines[lines.length - 1] : "";
  }

  function choiceGroup(entry, index) {
    var buttons = Array.isArray(entry.buttons) ? entry.buttons : [];
    var usable = buttons.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    });
    if (!usable.length) return null;
    var group = el("div", { className: "assistant-choices", role: "group" });
    var name = questionOf(entry.text);
    if (name) group.setAttribute("aria-label", name);
    usable.forEach(function (button) {
      var choice = el("button", { type: "button", className: "choice" }, button.title);
      choice.setAttribute("data-payload", button.payload);
      var lang = normalise(button.lang);
      if (lang && lang !== entry.lang) choice.setAttribute("lang", lang);
      choice.addEventListener("click", function () { pressChoice(index, button, choice); });
      group.appendChild(choice);
    });
    return group;
  }

  /** Who wrote a message: hidden for the assistant and the person, shown for a counsellor. */
  function senderLabel(entry) {
    var s = state.strings;
    if (entry.label == null) {
      if (entry.who === "user") entry.label = s.you;
      else if (entry.sender === "counsellor") entry.label = entry.name ? s.counsellor + " – " + entry.name : s.counsellor;
      else entry.label = s.assistant;
      entry.labelLang = state.stringsLanguage || state.language;
    }
    var visible = entry.who === "bot" && entry.sender === "counsellor";
    return el("span", {
      className: "assistant-who" + (visible ? "" : " visually-hidden"),
      lang: entry.labelLang || state.language
    }, entry.label + (visible ? "" : " "));
  }

  /** The node of one message, built whole before it enters the log (one addition, read once). */
  function renderEntry(entry, index) {
    var kind = entry.who === "user" ? "user" : entry.sender === "counsellor" ? "bot counsellor" : "bot";
    var node = el("div", { className: "assistant-message " + kind });
    if (entry.lang) node.setAttribute("lang", entry.lang);
    node.appendChild(senderLabel(entry));
    var body = el("span", { className: "assistant-text" });
    if (entry.who === "bot") appendLinkified(body, entry.text);
    else body.textContent = entry.text;
    node.appendChild(body);
    if (entry.who === "bot") {
      var group = choiceGroup(entry, index);
      if (group) node.appendChild(group);
    }
    ui.log.appendChild(node);
    elements[index] = node;
    return node;
  }

  /** Index of the first entry of the latest reply (after the last user message). */
  function latestReplyStart() {
    for (var i = state.transcript.length - 1; i >= 0; i--) {
      if (state.transcript[i].who === "user") return i + 1;
    }
    return 0;
  }

  /**
   * Choice buttons: usable under the messages of the latest reply; kept (disabled, the
   * chosen one pressed) under a message whose button was pressed; hidden elsewhere.
   * Only attributes change: the log's text stays as it was announced.
   */
  function updateChoices() {
    var start = latestReplyStart();
    state.transcript.forEach(function (entry, index) {
      var node = elements[index];
      if (!node || entry.who !== "bot") return;
      var group = node.querySelector(".assistant-choices");
      if (!group) return;
      var live = index >= start && !entry.chosen;
      group.hidden = !(live || entry.chosen);
      var choices = group.querySelectorAll("button.choice");
      for (var i = 0; i < choices.length; i++) {
        choices[i].disabled = !live;
        if (entry.chosen) {
          var chosen = choices[i].getAttribute("data-payload") === entry.chosen;
          choices[i].setAttribute("aria-pressed", chosen ? "true" : "false");
          choices[i].classList.toggle("chosen", chosen);
        } else {
          choices[i].removeAttribute("aria-pressed");
          choices[i].classList.remove("chosen");
        }
      }
    });
  }

  // ---------------------------------------------------------------- scrolling

  /** What scrolls the conversation: the log, or on very short screens the whole panel. */
  function scroller() {
    var overflow = window.getComputedStyle(ui.log).overflowY;
    return overflow === "auto" || overflow === "scroll" ? ui.log : ui.panel;
  }

  function scrollToEnd() {
    var box = scroller();
    box.scrollTop = box.scrollHeight;
  }

  /**
   * Show the latest reply: to its end with all its buttons when it fits, else from its
   * first message (the person reads down from there).
   */
  function revealFrom(first) {
    if (!first || !state.open) return;
    var box = scroller();
    var top = first.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    var margin = parseFloat(window.getComputedStyle(ui.log).paddingTop) || 0;
    var end = box.scrollHeight - box.clientHeight;
    box.scrollTop = Math.max(0, Math.min(end, top - margin));
  }

  // ---------------------------------------------------------------- panel

  function isModal() {
    return !!(covering && covering.matches);
  }

  /** Covering the screen, the panel is modal: the page behind is inert, focus stays inside. */
  function applyModality() {
    var modal = state.open && isModal();
    if (modal) ui.panel.setAttribute("aria-modal", "true");
    else ui.panel.removeAttribute("aria-modal");
    madeInert.forEach(function (node) { node.inert = false; });
    madeInert = [];
    if (!modal) return;
    var children = document.body.children;
    for (var i = 0; i < children.length; i++) {
      var node = children[i];
      if (node === ui.host || node.inert || /^(SCRIPT|STYLE|LINK|TEMPLATE)$/.test(node.tagName)) continue;
      node.inert = true;
      madeInert.push(node);
    }
  }

  function focusables() {
    var all = ui.panel.querySelectorAll("button, input, a[href], [tabindex='0']");
    return Array.prototype.filter.call(all, function (node) {
      return !node.disabled && node.getClientRects().length > 0 && !node.closest("[hidden]");
    });
  }

  function keepFocusInside(event) {
    var list = focusables();
    if (!list.length) return;
    var first = list[0];
    var last = list[list.length - 1];
    var current = focused();
    var inside = ui.panel.contains(current);
    if (event.shiftKey && (current === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  function openPanel() {
    state.open = true;
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.root.classList.add("is-open");
    applyModality();
    var start = latestReplyStart();
    if (elements[start]) revealFrom(elements[start]); else scrollToEnd();
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
    applyModality();
    ui.launcher.focus();
  }

  // ---------------------------------------------------------------- talking to the server

  function setBusy(busy) {
    state.busy = busy;
    if (busy && focused() === ui.send) ui.input.focus();
    ui.send.disabled = busy;
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
      if (response.status === 422 || response.status === 429 || response.status === 413) {
        // 422, 413: the message itself; 429: too many at once (wait a moment)
        var invalid = response.status !== 429;
        return response.json().then(function (body) {
          return { ok: false, invalid: invalid,
                   detail: body && typeof body.detail === "string" ? body.detail : state.strings.error_input };
        }, function () {
          return { ok: false, invalid: invalid, detail: state.strings.error_input };
        });
      }
      if (!response.ok) return { ok: false };
      return response.json().then(function (body) { return { ok: true, body: body }; });
    });
  }

  /**
   * Send text; options: silent (no user message), shown (text to show as the user's message),
   * shownLang (its language, when known), onFail (called when the message could not be
   * delivered). Resolves to true on success.
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
      if (options.shownLang) userEntry.lang = options.shownLang;
      userNode = renderEntry(userEntry, state.transcript.length);
      scrollToEnd();
    }

    return postMessage(text, false).catch(function () {
      return { ok: false };
    }).then(function (result) {
      if (!result.ok) {
        if (userNode && userNode.parentNode) userNode.parentNode.removeChild(userNode);
        elements.length = state.transcript.length;
        setBusy(false);
        showError(result.detail || state.strings.error_network);
        if (result.invalid) ui.input.setAttribute("aria-invalid", "true");
        if (options.onFail) options.onFail();
        return false;
      }
      var body = result.body || {};
      var language = normalise(body.language) || state.language;
      state.handover = body.handover || null;
      if (userEntry) {
        // What the person wrote is in the language the assistant read it in.
        if (!userEntry.lang) {
          userEntry.lang = language;
          userNode.setAttribute("lang", language);
        }
        state.transcript.push(userEntry);
        saveTranscript();
      }
      updateChoices();
      var messages = Array.isArray(body.messages) ? body.messages : [];
      if (body.erased === true) forgetTranscript();
      setLanguage(language);
      return showReply(messages, language).then(function () {
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

  function entryOf(message, language) {
    var entry = {
      who: "bot",
      text: message.text,
      lang: language,
      buttons: (Array.isArray(message.buttons) ? message.buttons : []).map(function (b) {
        var button = { title: String(b.title), payload: String(b.payload) };
        if (normalise(b.lang)) button.lang = normalise(b.lang);
        return button;
      })
    };
    if (message.sender === "counsellor") {
      entry.sender = "counsellor";
      if (typeof message.name === "string" && message.name) entry.name = message.name;
    }
    return entry;
  }

  function showReply(messages, language) {
    var pause = reducedMotion() ? 0 : PAUSE_MS;
    var chain = Promise.resolve();
    var first = null;
    messages.forEach(function (message, position) {
      if (!message || typeof message.text !== "string") return;
      chain = chain.then(function () {
        return position > 0 && pause ? wait(pause) : null;
      }).then(function () {
        var entry = entryOf(message, language);
        state.transcript.push(entry);
        saveTranscript();
        var node = renderEntry(entry, state.transcript.length - 1);
        if (!first) first = node;
        updateChoices();
        revealFrom(first);
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
      if (!body) return;
      state.handover = body.handover || null;
      if (!Array.isArray(body.messages) || !body.messages.length) return;
      return showReply(body.messages, normalise(body.language) || state.language);
    }).catch(function () { /* offline: try again later */ });
  }

  /** Ask again, more often while a counsellor is asked for or answers. */
  function schedulePoll() {
    setTimeout(function () {
      pollNotifications().then(schedulePoll, schedulePoll);
    }, state.handover ? HANDOVER_POLL_MS : POLL_MS);
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
      var now = focused();
      if (state.open && now !== ui.input && (!now || now === document.body || now === ui.host || now === ui.send)) {
        ui.input.focus();
      }
    });
  }

  function pressChoice(index, button, choiceNode) {
    var entry = state.transcript[index];
    if (!entry || entry.chosen || state.busy) return;
    var hadFocus = focused() === choiceNode;
    entry.chosen = button.payload;
    updateChoices();
    // The pressed button is now disabled: keep keyboard focus in the conversation.
    if (hadFocus) ui.input.focus();
    send(button.payload, {
      shown: button.title,
      shownLang: normalise(button.lang),
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
    if (document.getElementById("assistant-widget-host")) return; // loaded twice
    build();
    loadStrings(state.language);
    schedulePoll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
