/* global window, document, navigator, sessionStorage, URLSearchParams */
/**
 * The embeddable widget's loader: <script src="https://<our-host>/embed.js" async></script>
 * with optional data-agent, data-color (#rrggbb), data-position (bottom-right |
 * bottom-left), data-greeting and data-lang (en | es).
 *
 * Why an iframe behind a shadow-DOM launcher: the widget itself (React,
 * livekit-client, the microphone) runs in an iframe from our origin, so the
 * host page's CSS and scripts cannot reach it, our CSP and permissions apply to
 * it, and it is the very widget of the product's own page. This file owns only
 * the launcher button and that iframe, inside an open shadow root whose host
 * element resets every inherited style, and it loads nothing more until the
 * first click (the iframe, ~the web app's widget bundle, is lazy).
 * Plain ES2017, no build step: what is served is what is read here.
 */
(function () {
  "use strict";
  if (window.__harborVoiceEmbed) return; // the snippet pasted twice mounts one widget
  window.__harborVoiceEmbed = true;

  var script = document.currentScript || document.querySelector('script[src*="/embed.js"]');
  if (!script) return;
  var base = new URL(script.src, window.location.href).origin;
  var data = script.dataset;
  var color = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(data.color || "") ? data.color : "#d97706";
  var left = data.position === "bottom-left";
  var lang = /^[a-z]{2}(?:-[a-z0-9]{2,8})?$/i.test(data.lang || "") ? data.lang : "en";
  var dictionary = {
    en: { open: "Open the voice assistant", close: "Close the voice assistant", frame: "Voice assistant", refused: "The assistant isn't available on this website right now.", offline: "You seem to be offline. Check your connection and try again." },
    es: { open: "Abrir el asistente de voz", close: "Cerrar el asistente de voz", frame: "Asistente de voz", refused: "El asistente no está disponible en este sitio web ahora mismo.", offline: "Parece que no tienes conexión. Compruébala e inténtalo de nuevo." },
  };
  var words = dictionary[lang.slice(0, 2).toLowerCase()] || dictionary.en;
  var OPEN_KEY = "harbor-voice-embed-open";
  var MESSAGES = { close: "harbor-embed:close", shown: "harbor-embed:shown", hidden: "harbor-embed:hidden" };

  var host = document.createElement("div");
  host.setAttribute("data-harbor-voice", "");
  // Inline !important beats any host stylesheet rule (even `* { all: unset !important }`) on the one element it can reach.
  var hostStyle = { all: "initial", position: "fixed", bottom: "20px", "z-index": "2147483000", display: "block" };
  hostStyle[left ? "left" : "right"] = "20px";
  Object.keys(hostStyle).forEach(function (k) { host.style.setProperty(k, hostStyle[k], "important"); });
  var root = host.attachShadow({ mode: "open" });

  var style = document.createElement("style");
  style.textContent =
    ".wrap{all:initial;display:flex;flex-direction:column;align-items:" + (left ? "flex-start" : "flex-end") + ";gap:12px;font:15px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c1917}" +
    ".panel{all:initial;display:block;box-sizing:border-box;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 112px));border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.22),0 0 0 1px rgba(0,0,0,.06)}" +
    ".panel[hidden]{display:none}" +
    "iframe{all:initial;display:block;width:100%;height:100%;border:0}" +
    ".notice{all:initial;display:block;margin:24px;font:inherit;color:#b91c1c;font:15px/1.4 system-ui,sans-serif}" +
    ".launcher{all:initial;box-sizing:border-box;display:flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:50%;background:" + color + ";color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25)}" +
    ".launcher:hover{filter:brightness(1.08)}" +
    ".launcher:focus-visible{outline:3px solid #1c1917;outline-offset:3px}" +
    ".launcher svg{width:26px;height:26px;fill:currentColor}";
  var wrap = document.createElement("div");
  wrap.className = "wrap";
  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "harbor-voice-panel";
  panel.hidden = true;
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("data-testid", "embed-launcher");
  launcher.setAttribute("aria-controls", panel.id);
  var micIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"/></svg>';
  var closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z"/></svg>';
  wrap.appendChild(panel);
  wrap.appendChild(launcher);
  root.appendChild(style);
  root.appendChild(wrap);

  var frame = null;
  var checked = null;

  function setExpanded(open) {
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.setAttribute("aria-label", open ? words.close : words.open);
    launcher.innerHTML = open ? closeIcon : micIcon;
    if (data.greeting && !open) launcher.title = data.greeting;
  }

  function remember(open) {
    try {
      if (open) sessionStorage.setItem(OPEN_KEY, "1");
      else sessionStorage.removeItem(OPEN_KEY);
    } catch {
      // Storage refused: a reload simply starts closed.
    }
  }

  /** Asks our server whether this site may embed the widget; a refused site never gets a frame the browser would block. */
  function allowed() {
    if (!checked) {
      checked = window.fetch(base + "/api/embed", { method: "GET", credentials: "omit" }).then(
        function (r) { return r.ok ? null : words.refused; },
        function () { checked = null; return navigator.onLine === false ? words.offline : words.refused; },
      );
    }
    return checked;
  }

  function mountFrame() {
    var query = new URLSearchParams({ origin: window.location.origin, lang: lang, color: color });
    if (data.greeting) query.set("greeting", data.greeting.slice(0, 200));
    if (data.agent) query.set("agent", data.agent);
    frame = document.createElement("iframe");
    frame.src = base + "/embed?" + query.toString();
    frame.title = words.frame;
    frame.allow = "microphone; autoplay";
    panel.appendChild(frame);
  }

  function post(type) {
    if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: type }, base);
  }

  /** `restoring`: reopened after a reload, so the focus stays where the visitor's page put it. */
  function open(restoring) {
    panel.hidden = false;
    setExpanded(true);
    remember(true);
    allowed().then(function (refusal) {
      if (panel.hidden) return;
      if (refusal) {
        panel.innerHTML = "";
        var notice = document.createElement("p");
        notice.className = "notice";
        notice.setAttribute("role", "alert");
        notice.setAttribute("data-testid", "embed-unavailable");
        notice.textContent = refusal;
        panel.appendChild(notice);
        return;
      }
      if (!frame) mountFrame();
      else post(MESSAGES.shown);
      if (!restoring) frame.focus();
    });
  }

  function close() {
    panel.hidden = true;
    setExpanded(false);
    remember(false);
    post(MESSAGES.hidden);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open(false);
    else close();
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  // Escape pressed inside the iframe: the widget asks us to close (only our own frame may).
  window.addEventListener("message", function (event) {
    if (!frame || event.origin !== base || event.source !== frame.contentWindow) return;
    if (event.data && event.data.type === MESSAGES.close) close();
  });

  setExpanded(false);
  function mount() {
    document.body.appendChild(host);
    // Open before a reload: open again, and the widget continues the conversation (its resume ticket).
    try {
      if (sessionStorage.getItem(OPEN_KEY)) open(true);
    } catch {
      // no storage, no resume
    }
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
