/* Enhancements only: every page works without them. Loaded in the head (the
   Content-Security-Policy allows no inline script) so that the js-enabled class is set before
   the page is first drawn. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js-enabled";

  // On a small screen the header's links fold behind a Menu button.
  function setUpMenu() {
    var button = document.querySelector(".header__menu-button");
    var list = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return; }
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      list.classList.toggle("header__nav--open", open);
    });
  }

  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40.0525em)") : null;

  // Readies a simple table (one heading row, no merged cells) to be shown on a phone as one
  // block per row, each value labelled with its column's heading. Explicit ARIA roles keep it
  // a table for screen readers once the stylesheet makes its parts blocks.
  function readyToStack(table) {
    var state = table.getAttribute("data-stackable");
    if (state) { return state === "yes"; }
    var ok = !!table.tHead && table.tHead.rows.length === 1, headings = [], i, j, k;
    if (ok) {
      for (i = 0; i < table.tHead.rows[0].cells.length; i++) {
        var heading = table.tHead.rows[0].cells[i];
        ok = ok && heading.colSpan === 1;
        headings.push(heading.textContent.replace(/\s+/g, " ").trim());
      }
    }
    var groups = [table.tHead].concat(Array.prototype.slice.call(table.tBodies), table.tFoot ? [table.tFoot] : []);
    for (i = 1; ok && i < groups.length; i++) {
      for (j = 0; j < groups[i].rows.length; j++) {
        var cells = groups[i].rows[j].cells;
        ok = ok && cells.length <= headings.length;
        for (k = 0; k < cells.length; k++) { ok = ok && cells[k].colSpan === 1; }
      }
    }
    table.setAttribute("data-stackable", ok ? "yes" : "no");
    if (!ok) { return false; }
    table.setAttribute("role", "table");
    for (i = 0; i < groups.length; i++) {
      groups[i].setAttribute("role", "rowgroup");
      for (j = 0; j < groups[i].rows.length; j++) {
        var row = groups[i].rows[j];
        row.setAttribute("role", "row");
        for (k = 0; k < row.cells.length; k++) {
          var cell = row.cells[k];
          if (cell.tagName === "TD") {
            cell.setAttribute("role", "cell");
            cell.setAttribute("data-label", headings[k]);
          } else {
            cell.setAttribute("role", i === 0 || cell.getAttribute("scope") === "col" ? "columnheader" : "rowheader");
          }
        }
      }
    }
    return true;
  }

  // On a phone a table too wide for the screen becomes one block per row; otherwise it scrolls
  // in its region, which is a tab stop only while the table is wider than it.
  function syncTables() {
    var regions = document.querySelectorAll(".table-scroll");
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i], table = region.querySelector("table");
      region.classList.remove("table-scroll--stacked");
      var wide = region.scrollWidth > region.clientWidth + 1;
      if (wide && narrow && narrow.matches && table && readyToStack(table)) {
        region.classList.add("table-scroll--stacked");
        wide = region.scrollWidth > region.clientWidth + 1;
      }
      if (wide) {
        region.setAttribute("tabindex", "0");
      } else if (region !== document.activeElement) {
        region.removeAttribute("tabindex");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    syncTables();
    var waiting = null;
    window.addEventListener("resize", function () {
      clearTimeout(waiting);
      waiting = setTimeout(syncTables, 150);
    });
  });
})();
