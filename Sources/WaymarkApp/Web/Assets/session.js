/* The script of signed-in pages that warns before an idle sign-out (WCAG 2.2.1, Timing
   Adjustable) and keeps what was typed in a form across one.
   
   Two minutes before the session would end, a dialog says so and offers to stay signed in,
   which tells the server (`POST /session/keep-alive`). Each page and keep-alive says how long
   the server will keep the session; every tab shares the latest through localStorage, so a page
   left open in one tab does not sign out someone working in another. Near the session's overall
   limit, which nothing extends, the dialog says to save instead. Text typed in a form is kept in sessionStorage as it is typed; when
   the session ends first, it is put back into the same form after signing in again, with a
   notice saying so. Passwords and codes are never kept. */
(function () {
  "use strict";
  if (!window.localStorage || !window.sessionStorage) { return; }
  var draftPrefix = "waymark-draft:";
  function eachDraft(action) {
    for (var i = sessionStorage.length - 1; i >= 0; i--) {
      var key = sessionStorage.key(i);
      if (key && key.indexOf(draftPrefix) === 0) { action(key, JSON.parse(sessionStorage.getItem(key) || "{}")); }
    }
  }
  var meta = document.querySelector('meta[name="waymark-session"]');
  if (!meta) {
    // Signed out by the server: what was being typed when it happened is to be put back.
    if (/[?&]timed_out=1/.test(location.search)) {
      eachDraft(function (key, draft) { draft.interrupted = true; sessionStorage.setItem(key, JSON.stringify(draft)); });
    }
    return;
  }
  var idle = Number(meta.getAttribute("data-idle")) * 1000;
  var warnBefore = Math.min(120000, idle / 4);
  var token = meta.getAttribute("data-csrf");
  var expiresKey = "waymark-session-expires";
  var dialog, timer, countdown, focusedBefore;

  function now() { return Date.now(); }
  // When the server will end the session, as it last said: tabs share the latest.
  function expires() { return Number(localStorage.getItem(expiresKey)) || now() + idle; }
  function heard(remainingSeconds) {
    var at = now() + remainingSeconds * 1000;
    if (at > (Number(localStorage.getItem(expiresKey)) || 0)) { localStorage.setItem(expiresKey, String(at)); }
    schedule();
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      return field.name && field.name !== "csrf_token" && !/password|hidden|file|submit|button/.test(type)
        && !/code|password/.test(field.autocomplete || "") && field.name !== "code";
    });
  }
  function draftKey(form) { return draftPrefix + (form.getAttribute("action") || location.pathname); }
  function saveDraft(form, interrupted) {
    var values = {};
    keptFields(form).forEach(function (field) {
      values[field.name] = (field.type === "checkbox" || field.type === "radio") ? (field.checked ? field.value : values[field.name]) : field.value;
    });
    sessionStorage.setItem(draftKey(form), JSON.stringify({ values: values, interrupted: !!interrupted }));
  }
  function saveAllDrafts(interrupted) {
    Array.prototype.forEach.call(document.forms, function (form) {
      if (form.method.toLowerCase() === "post" && keptFields(form).length) { saveDraft(form, interrupted); }
    });
  }
  function restoreDrafts() {
    var restored = false, here = {};
    Array.prototype.forEach.call(document.forms, function (form) { here[draftKey(form)] = true; });
    // A draft of a form on another page was saved or left behind: it is not wanted again.
    eachDraft(function (key, draft) { if (!draft.interrupted && !here[key]) { sessionStorage.removeItem(key); } });
    Array.prototype.forEach.call(document.forms, function (form) {
      var stored = sessionStorage.getItem(draftKey(form));
      if (!stored) { return; }
      var draft = JSON.parse(stored);
      if (!draft.interrupted) { return; }
      keptFields(form).forEach(function (field) {
        if (!(field.name in draft.values)) { return; }
        if (field.type === "checkbox" || field.type === "radio") { field.checked = draft.values[field.name] === field.value; }
        else { field.value = draft.values[field.name]; }
      });
      sessionStorage.removeItem(draftKey(form));
      restored = form;
    });
    if (restored) {
      var note = document.createElement("div");
      note.className = "notification";
      note.setAttribute("role", "status");
      note.innerHTML = "<h2>Your typing has been put back</h2><p>You were signed out before you saved. Check the form below, then save it.</p>";
      restored.parentNode.insertBefore(note, restored);
    }
  }

  function close() {
    if (dialog) { dialog.remove(); dialog = null; if (focusedBefore && focusedBefore.focus) { focusedBefore.focus(); } }
    clearInterval(countdown);
  }
  function signedOut() {
    saveAllDrafts(true);
    location.href = "/sign-in?timed_out=1&return_to=" + encodeURIComponent(location.pathname + location.search);
  }
  function stay() {
    var request = new XMLHttpRequest();
    request.open("POST", "/session/keep-alive");
    request.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    request.onload = function () {
      // Signed out already, the request was sent on to the sign-in page.
      if (request.status !== 200 || !/^[0-9]+$/.test(request.responseText)) { signedOut(); return; }
      var remaining = Number(request.responseText);
      if (remaining * 1000 > warnBefore) { close(); heard(remaining); return; }
      // The session's overall limit is near and cannot be put off.
      heard(remaining);
      dialog.querySelector("#timeout-title").textContent = "Save your work now";
      dialog.querySelector("#timeout-text").firstChild.textContent = "You have been signed in for as long as Waymark allows. You will be signed out in ";
      dialog.querySelector("#timeout-stay").hidden = true;
    };
    request.onerror = function () { dialog.querySelector("p").textContent = "Waymark could not be reached. Check your connection and try again."; };
    request.send("csrf_token=" + encodeURIComponent(token));
  }
  function minutesAndSeconds(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000)), minutes = Math.floor(seconds / 60);
    seconds = seconds % 60;
    return (minutes ? minutes + (minutes === 1 ? " minute" : " minutes") : "") + (minutes && seconds ? " and " : "")
      + (seconds || !minutes ? seconds + (seconds === 1 ? " second" : " seconds") : "");
  }
  function warn() {
    if (dialog) { return; }
    saveAllDrafts(false);
    focusedBefore = document.activeElement;
    dialog = document.createElement("div");
    dialog.className = "timeout-dialog";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "timeout-title");
    dialog.setAttribute("aria-describedby", "timeout-text");
    dialog.innerHTML = '<div class="timeout-dialog__box"><h2 id="timeout-title">You are about to be signed out</h2>'
      + '<p id="timeout-text">For your security, Waymark will sign you out in <span class="timeout-dialog__time"></span>. Anything you have typed is kept on this device.</p>'
      + '<button type="button" class="button" id="timeout-stay">Stay signed in</button> '
      + '<a class="link-button" href="#" id="timeout-leave">Sign out now</a></div>';
    document.body.appendChild(dialog);
    var time = dialog.querySelector(".timeout-dialog__time");
    function tick() {
      var left = expires() - now();
      // A moment past the end, so the server has surely ended the session too.
      if (left <= -2000) { signedOut(); return; }
      time.textContent = minutesAndSeconds(left);
    }
    tick();
    countdown = setInterval(tick, 1000);
    dialog.querySelector("#timeout-stay").addEventListener("click", stay);
    dialog.querySelector("#timeout-leave").addEventListener("click", function (event) {
      event.preventDefault();
      var form = document.querySelector('form[action="/sign-out"]');
      if (form) { form.submit(); } else { location.href = "/sign-in"; }
    });
    dialog.querySelector("#timeout-stay").focus();
    dialog.addEventListener("keydown", function (event) { if (event.key === "Escape") { stay(); } });
  }
  function schedule() {
    clearTimeout(timer);
    var wait = expires() - warnBefore - now();
    timer = setTimeout(function () {
      // Another tab may have been in touch with the server since.
      if (expires() - warnBefore - now() > 1000) { close(); schedule(); } else { warn(); }
    }, Math.max(0, wait));
  }

  window.addEventListener("storage", function (event) {
    if (event.key === expiresKey && dialog && expires() - now() > warnBefore) { close(); }
    if (event.key === expiresKey) { schedule(); }
  });
  document.addEventListener("input", function (event) {
    var form = event.target && event.target.form;
    if (form && form.method.toLowerCase() === "post") { saveDraft(form, false); }
  });
  document.addEventListener("DOMContentLoaded", function () { restoreDrafts(); heard(Number(meta.getAttribute("data-remaining"))); });
})();
