/*
 * Counsellor console: live updates of the queue and of an open conversation through
 * Server-Sent Events. Plain script, no build step. Every page works without it: it only
 * saves a reload. Texts come from the server, already in the console's language.
 */
(function () {
  "use strict";

  // An error summary or a refusal takes the focus, so that it is read first.
  function focusOnLoad() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function setText(node, text) {
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  }

  // ------------------------------------------------------------------ the queue

  var FIELDS = ["waiting", "language_name", "channel", "kind_label", "reason"];

  function queueRow(item, csrf, acceptText) {
    var row = element("tr", { "data-id": String(item.id) });
    FIELDS.forEach(function (field) {
      var cell = element("td", { "data-field": field }, item[field]);
      if (field === "reason") {
        cell.setAttribute("lang", item.reason_language);
      }
      row.appendChild(cell);
    });
    var cell = element("td");
    var form = element("form", { method: "post", action: item.accept_url });
    form.appendChild(element("input", { type: "hidden", name: "csrf", value: csrf }));
    var button = element("button", { type: "submit" }, acceptText);
    button.appendChild(element("span", { "class": "visually-hidden", "data-field": "accept_detail" },
      " – " + item.accept_detail));
    form.appendChild(button);
    cell.appendChild(form);
    row.appendChild(cell);
    return row;
  }

  function updateRow(row, item) {
    FIELDS.forEach(function (field) {
      var cell = row.querySelector('[data-field="' + field + '"]');
      setText(cell, item[field]);
      if (field === "reason" && cell && cell.getAttribute("lang") !== item.reason_language) {
        cell.setAttribute("lang", item.reason_language);
      }
    });
    setText(row.querySelector('[data-field="accept_detail"]'), " – " + item.accept_detail);
  }

  function renderQueue(page, data) {
    var body = document.querySelector("#queue-table tbody");
    var region = document.getElementById("queue-region");
    var active = document.activeElement;
    var focusedRow = active && body.contains(active) ? active.closest("tr") : null;
    var rows = {};
    Array.prototype.forEach.call(body.rows, function (row) {
      rows[row.getAttribute("data-id")] = row;
    });
    data.items.forEach(function (item, index) {
      var key = String(item.id);
      var row = rows[key];
      if (row) {
        updateRow(row, item);
        delete rows[key];
      } else {
        row = queueRow(item, page.getAttribute("data-csrf"), page.getAttribute("data-accept"));
      }
      if (body.rows[index] !== row) {
        body.insertBefore(row, body.rows[index] || null);
      }
    });
    var focusLost = false;
    Object.keys(rows).forEach(function (key) {
      if (rows[key] === focusedRow) {
        focusLost = true;
      }
      rows[key].remove();
    });
    region.hidden = data.items.length === 0;
    if (focusLost) {  // the request the focus was on was taken: back to the heading
      document.getElementById("queue-heading").focus();
    }
    if (String(data.count) !== page.getAttribute("data-count")) {
      page.setAttribute("data-count", String(data.count));
      setText(document.getElementById("queue-count"), data.announcement);
    }
  }

  function renderHeld(data) {
    var list = document.getElementById("held-list");
    var fresh = JSON.stringify(data.held);
    if (list.getAttribute("data-shown") === fresh) {
      return;
    }
    var focusedId = null;
    if (document.activeElement && list.contains(document.activeElement)) {
      focusedId = document.activeElement.closest("li").getAttribute("data-id");
    }
    list.setAttribute("data-shown", fresh);
    list.textContent = "";
    data.held.forEach(function (item) {
      var entry = element("li", { "data-id": String(item.id) });
      entry.appendChild(element("a", { href: item.url }, item.label));
      list.appendChild(entry);
    });
    list.hidden = data.held.length === 0;
    document.getElementById("held-empty").hidden = data.held.length !== 0;
    if (focusedId) {
      var again = list.querySelector('li[data-id="' + focusedId + '"] a');
      (again || document.getElementById("queue-heading")).focus();
    }
  }

  function queuePage(page) {
    var source = new EventSource(page.getAttribute("data-events"));
    source.addEventListener("queue", function (event) {
      var data = JSON.parse(event.data);
      renderQueue(page, data);
      renderHeld(data);
    });
    source.addEventListener("signed_out", function (event) {
      source.close();
      window.location.assign(JSON.parse(event.data).url);
    });
  }

  // ------------------------------------------------------------------ a conversation

  function transcriptItem(item, choicesLabel) {
    var entry = element("li", { "class": "message from-" + item.sender, "data-id": String(item.id) });
    var meta = element("p", { "class": "meta" });
    meta.appendChild(element("span", { "class": "who" }, item.who));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(element("time", { datetime: item.datetime }, item.time));
    entry.appendChild(meta);
    entry.appendChild(element("p", { "class": "text", lang: item.language }, item.text));
    if (item.choices) {
      var choices = element("p", { "class": "choices" }, choicesLabel + " ");
      choices.appendChild(element("span", { lang: item.language }, item.choices));
      entry.appendChild(choices);
    }
    return entry;
  }

  function conversationPage(page) {
    var log = document.getElementById("transcript");
    var list = document.getElementById("messages");
    var choicesLabel = page.getAttribute("data-choices") || "";
    log.scrollTop = log.scrollHeight;
    if (window.location.hash === "#reply-text") {
      document.getElementById("reply-text").focus();
    }
    var source = new EventSource(page.getAttribute("data-events"));
    source.addEventListener("transcript", function (event) {
      var item = JSON.parse(event.data);
      if (list.querySelector('li[data-id="' + item.id + '"]')) {
        return;
      }
      var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      list.appendChild(transcriptItem(item, choicesLabel));
      document.getElementById("transcript-empty").hidden = true;
      if (atBottom) {
        log.scrollTop = log.scrollHeight;
      }
    });
    source.addEventListener("ended", function (event) {
      source.close();
      var data = JSON.parse(event.data);
      var status = document.getElementById("live-status");
      status.textContent = data.text + " ";
      status.appendChild(element("a", { href: data.url }, page.getAttribute("data-back")));
      document.querySelectorAll("[data-actions] button, [data-actions] textarea, [data-actions] select")
        .forEach(function (control) {
          control.disabled = true;
        });
    });
    source.addEventListener("signed_out", function (event) {
      source.close();
      window.location.assign(JSON.parse(event.data).url);
    });
  }

  focusOnLoad();
  if (typeof window.EventSource !== "function") {
    return;
  }
  var queue = document.getElementById("queue-page");
  if (queue) {
    queuePage(queue);
  }
  var conversation = document.getElementById("conversation-page");
  if (conversation) {
    conversationPage(conversation);
  }
})();
