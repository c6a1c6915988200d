import Vapor

/// The stylesheet and the small script, compiled in so that Waymark serves the same look from any
/// working folder. Colours follow the GOV.UK palette; every status colour also comes with its name
/// in words, and every pair of text and background colours has at least 4.5:1 contrast.
enum Assets {
    static func register(on routes: any RoutesBuilder) {
        routes.get("assets", "waymark.css") { _ -> Response in
            asset(stylesheet, type: "css")
        }
        routes.get("assets", "waymark.js") { _ -> Response in
            asset(script, type: "javascript")
        }
        routes.get("assets", "session.js") { _ -> Response in
            asset(SessionTimeoutScript.text, type: "javascript")
        }
    }

    private static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: type, parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// Enhancements only: every page works without them. Loaded in the head (the Content-Security-Policy
    /// allows no inline script) so that the `js-enabled` class is set before the page is first drawn.
    static let script = """
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
            headings.push(heading.textContent.replace(/\\s+/g, " ").trim());
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
    """

    static let stylesheet = """
    *,*::before,*::after{box-sizing:border-box}
    [hidden]{display:none!important}
    html{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;font-size:100%;line-height:1.32;color:#0b0c0c;background:#f3f2f1;-webkit-text-size-adjust:100%}
    body{margin:0;background:#fff;font-size:1.1875rem;overflow-wrap:break-word}
    a{color:#1d70b8;text-decoration:underline;text-underline-offset:.15em}
    a:visited{color:#4c2c92}
    a:hover{color:#003078;text-decoration-thickness:3px}
    a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid transparent;background-color:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;color:#0b0c0c;text-decoration:none}
    input:focus,select:focus,textarea:focus{box-shadow:inset 0 0 0 2px #0b0c0c;outline:3px solid #fd0;outline-offset:0;background:#fff}
    .skip-link{position:absolute;left:-9999px;padding:10px 15px}
    .skip-link:focus{position:static;display:block;left:0}
    .width-container{max-width:1100px;margin:0 auto;padding:0 15px}
    .header{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8}
    .header__inner{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;padding-top:10px;padding-bottom:10px;gap:10px}
    .header__name{color:#fff;font-weight:700;font-size:1.5rem;text-decoration:none}
    .header__navigation{min-width:0;max-width:100%}
    .header__nav{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:5px 15px;align-items:center}
    .header__nav li{min-width:0;overflow-wrap:anywhere}
    .header__name:link,.header__name:visited,.header__name:hover,
    .header__nav a,.header__nav a:link,.header__nav a:visited,.header__nav a:hover,.header__nav .link-button,.header__nav .link-button:hover{color:#fff;font-weight:700}
    .header__name:focus,.header__nav a:focus,.header__nav .link-button:focus{color:#0b0c0c}
    .header__nav a[aria-current=page]{text-decoration-thickness:3px}
    .header__user{color:#fff}
    .header__menu-button{display:none;font:inherit;font-size:1rem;font-weight:700;color:#fff;background:none;border:0;padding:5px 0;margin:0;cursor:pointer}
    .header__menu-button:hover{text-decoration:underline;text-decoration-thickness:3px;text-underline-offset:.15em}
    .header__menu-button::after{content:"";display:inline-block;margin-left:6px;vertical-align:1px;border-style:solid;border-color:currentColor transparent transparent;border-width:8.66px 5px 0}
    .header__menu-button[aria-expanded=true]::after{border-color:transparent transparent currentColor;border-width:0 5px 8.66px}
    .main{padding:30px 0 60px;display:block}
    .footer{background:#f3f2f1;border-top:1px solid #b1b4b6;padding:25px 0;font-size:1rem}
    h1{font-size:2.25rem;line-height:1.1;margin:0 0 30px}
    h2{font-size:1.5rem;margin:30px 0 15px}
    h3{font-size:1.1875rem;margin:20px 0 10px}
    .caption{display:block;color:#505a5f;font-size:1.1875rem;margin-bottom:5px}
    .lead{font-size:1.5rem}
    .hint{color:#505a5f;display:block;margin-bottom:10px}
    .form-group{margin-bottom:30px}
    .form-group--error{border-left:5px solid #d4351c;padding-left:15px}
    .label{display:block;font-weight:700;margin-bottom:5px}
    .error-message{display:block;color:#d4351c;font-weight:700;margin-bottom:10px}
    .input,.select,.textarea{font:inherit;font-size:1.1875rem;border:2px solid #0b0c0c;padding:5px;min-height:40px;max-width:100%}
    .input--error,.textarea--error{border-color:#d4351c}
    .input--width-20{width:20em}.input--width-10{width:11em}
    .textarea{width:100%;min-height:7em}
    .button{font:inherit;font-weight:400;font-size:1.1875rem;line-height:1.2;background:#00703c;color:#fff;border:2px solid transparent;border-radius:0;box-shadow:0 2px 0 #002d18;padding:8px 10px 7px;cursor:pointer;margin:0 15px 15px 0;display:inline-block;text-align:center;text-decoration:none;-webkit-appearance:none;appearance:none}
    .button:link,.button:visited,.button:hover,.button:active,.button:focus{color:#fff;text-decoration:none}
    .button:focus{background:#00703c;border-color:#fd0;outline:3px solid transparent;box-shadow:inset 0 0 0 1px #fd0}
    .button:hover{background:#005a30}
    .button:active{box-shadow:none}
    .button--secondary,.button--secondary:link,.button--secondary:visited,.button--secondary:hover,.button--secondary:active,.button--secondary:focus{color:#0b0c0c}
    .button--secondary{background:#f3f2f1;box-shadow:0 2px 0 #929191}
    .button--secondary:focus{background:#f3f2f1}
    .button--secondary:hover{background:#dbdad9}
    .button--warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
    .hash{word-break:break-all;font-size:0.875em}
    .button--warning:focus{background:#d4351c}
    .button--warning:hover{background:#aa2a16}
    .button:focus:not(:active):not(:hover){background:#fd0;border-color:#fd0;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
    .button:disabled,.button[aria-disabled=true]{opacity:.5;cursor:not-allowed}
    .button:disabled:hover{background:#00703c}.button--secondary:disabled:hover{background:#f3f2f1}.button--warning:disabled:hover{background:#d4351c}
    .button-group{display:flex;flex-wrap:wrap;gap:0 15px;align-items:baseline}
    .link-button{background:none;border:0;padding:0;font:inherit;color:#1d70b8;text-decoration:underline;text-underline-offset:.15em;cursor:pointer;text-align:left}
    .link-button:hover{color:#003078;text-decoration-thickness:3px}
    .link-button:focus{color:#0b0c0c}
    .inline-form{display:inline;margin:0}
    .error-summary{border:5px solid #d4351c;padding:20px;margin-bottom:30px}
    .error-summary:focus{outline:3px solid #fd0}
    .error-summary__title{margin-top:0}
    .error-summary__list{margin:0;padding-left:0;list-style:none}
    .error-summary__list a,.error-summary__list a:visited,.error-summary__list a:hover{color:#d4351c;font-weight:700}
    .error-summary__list a:focus{color:#0b0c0c}
    .notification{border:5px solid #1d70b8;padding:20px;margin-bottom:30px}
    .notification--success{border-color:#00703c}
    .timeout-dialog{position:fixed;inset:0;background:rgba(11,12,12,.8);display:flex;align-items:center;justify-content:center;z-index:1000;padding:15px}
    .timeout-dialog__box{background:#fff;border:5px solid #0b0c0c;padding:30px;max-width:640px}
    .secret-key code{font-size:1.5rem;letter-spacing:.1em}
    .kpi-chart{display:block;width:100%;max-width:640px;height:auto;margin-bottom:20px}
    .sparkline{vertical-align:middle}
    .pagination{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin:20px 0}
    .pagination__list{display:flex;flex-wrap:wrap;gap:5px;list-style:none;margin:0;padding:0}
    .pagination__item a{display:inline-block;min-width:44px;min-height:44px;line-height:44px;text-align:center}
    .pagination__item--current a{background:#1d70b8;color:#fff;font-weight:700}
    .panel{background:#f3f2f1;padding:20px;margin-bottom:30px}
    .tag{display:inline-block;padding:2px 8px;font-weight:700;font-size:1rem;letter-spacing:.02em;overflow-wrap:normal}
    .tag--completed{background:#cce2d8;color:#005a30}
    .tag--on_target{background:#d2e2f1;color:#144e81}
    .tag--delayed{background:#fff7bf;color:#594d00}
    .tag--overdue{background:#f4cdc6;color:#942514}
    .tag--withdrawn{background:#e5e6e7;color:#383f43}
    .tag--rag-green{background:#cce2d8;color:#005a30}
    .tag--rag-amber{background:#fff7bf;color:#594d00}
    .tag--rag-red{background:#f4cdc6;color:#942514}
    .tag--blue{background:#d2e2f1;color:#144e81}.tag--green{background:#cce2d8;color:#005a30}.tag--amber{background:#fff7bf;color:#594d00}
    .tag--red{background:#f4cdc6;color:#942514}.tag--grey{background:#e5e6e7;color:#383f43}
    .tag--draft{background:#e5e6e7;color:#383f43}
    .fieldset{border:0;margin:0;padding:0;min-width:0}
    .fieldset__legend{font-weight:700;margin-bottom:10px;max-width:100%}
    .radios__item{display:flex;align-items:center;gap:10px;margin-bottom:10px}
    .radios__input{width:24px;height:24px;margin:0;flex-shrink:0}
    .radios__label{margin:0;min-width:0}
    .checkboxes__item{display:flex;align-items:center;gap:10px;margin-bottom:10px}.checkboxes__input{width:24px;height:24px;margin:0;flex-shrink:0}.checkboxes__label{margin:0;min-width:0;font-weight:400}
    .email{white-space:pre-wrap;font-family:inherit;background:#f3f2f1;padding:10px;margin:10px 0 0}
    .inline-actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
    .inline-actions>*{min-width:0;max-width:100%}
    .table{width:100%;border-collapse:collapse;margin-bottom:30px;font-size:1rem}
    .table caption{text-align:left;font-weight:700;font-size:1.1875rem;margin-bottom:10px}
    .table th,.table td{border-bottom:1px solid #b1b4b6;padding:10px 20px 10px 0;text-align:left;vertical-align:top;max-width:20em;overflow-wrap:break-word}
    .table .numeric{text-align:right}
    .table-scroll{overflow-x:auto;overflow-y:hidden;padding-bottom:1px;margin-bottom:30px;position:relative}
    .table-scroll>.table{margin-bottom:0}
    .table-scroll:focus{outline:3px solid #0b0c0c;outline-offset:0;box-shadow:0 0 0 6px #fd0}
    .table-scroll:focus:not(:focus-visible){outline:none;box-shadow:none}
    .summary-list{margin:0 0 30px;display:grid;grid-template-columns:minmax(8em,30%) minmax(0,1fr);border-top:1px solid #b1b4b6}
    .summary-list dt,.summary-list dd{margin:0;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;min-width:0}
    .summary-list dt{font-weight:700}
    .breadcrumbs ol{list-style:none;padding:0;margin:0 0 20px;display:flex;flex-wrap:wrap;gap:10px;font-size:1rem}
    .breadcrumbs li{min-width:0;overflow-wrap:anywhere}
    .breadcrumbs li+li::before{content:"›";margin-right:10px;color:#505a5f}
    .filters{display:flex;flex-wrap:wrap;gap:0 20px;align-items:flex-end;background:#f3f2f1;padding:15px 15px 0;margin-bottom:30px}
    .filters .form-group{margin-bottom:15px;max-width:100%}
    .chart{max-width:100%;height:auto;margin-bottom:10px}
    .chart--narrow{display:none}
    .chart text{font-family:inherit}
    .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:10px 20px;margin:0 0 30px}
    .legend__swatch--completed{background:#00703c}.legend__swatch--on_target{background:#1d70b8}.legend__swatch--delayed{background:#fd0}.legend__swatch--overdue{background:#d4351c}
    .legend__swatch--blue{background:#1d70b8}.legend__swatch--green{background:#00703c}.legend__swatch--amber{background:#fd0}.legend__swatch--red{background:#d4351c}.legend__swatch--grey{background:#505a5f}
    .legend__swatch{display:inline-block;width:18px;height:18px;margin-right:6px;vertical-align:-3px;border:1px solid #0b0c0c}
    .history{list-style:none;padding:0}
    .history li{border-left:5px solid #b1b4b6;padding:5px 0 5px 15px;margin-bottom:20px}
    .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
    .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(300px,100%),1fr));gap:30px}
    .compare{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:30px}
    .columns>*{min-width:0}
    @media screen and (max-width:44.99em){
      .chart--wide{display:none}
      .chart--narrow{display:block;width:100%;max-width:480px}
    }
    @media screen and (max-width:40.0525em){
      body{font-size:1rem}
      h1{font-size:2rem;margin-bottom:20px}
      h2{font-size:1.375rem}
      .lead{font-size:1.1875rem}
      .main{padding:20px 0 40px}
      .input,.select,.textarea,.button,.table caption{font-size:1rem}
      .js-enabled .header__menu-button{display:inline-block}
      .header__navigation{flex-basis:100%}
      .js-enabled .header__nav:not(.header__nav--open){display:none}
      .header__nav{flex-direction:column;align-items:flex-start;gap:10px;padding:5px 0}
      .table th,.table td{padding-right:15px;max-width:16em}
      .table-scroll--stacked>.table,.table-scroll--stacked>.table>tbody,.table-scroll--stacked>.table>tfoot,.table-scroll--stacked>.table>*>tr,.table-scroll--stacked>.table>*>tr>*{display:block;max-width:none}
      .table-scroll--stacked>.table>caption{display:block}
      .table-scroll--stacked>.table>thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
      .table-scroll--stacked>.table>*>tr{border-bottom:1px solid #b1b4b6;padding:10px 0}
      .table-scroll--stacked>.table>*>tr>*{border:0;padding:3px 0;text-align:left}
      .table-scroll--stacked td[data-label]:not([data-label=""]){display:flow-root;padding-left:8.5em}
      .table-scroll--stacked td[data-label]:not([data-label=""])::before{content:attr(data-label);float:left;width:8em;margin-left:-8.5em;font-weight:700}
      :not(.table-scroll)>.table{display:block;overflow-x:auto}
      .summary-list{grid-template-columns:minmax(0,1fr)}
      .summary-list dt{border-bottom:0;padding-bottom:0}
      .compare{grid-template-columns:minmax(0,1fr)}
    }
    @media print{.header,.footer,.skip-link,.no-print,.breadcrumbs,form{display:none}body{font-size:11pt}.width-container{max-width:none;margin:0;padding:0}
      .table{font-size:9pt;page-break-inside:auto}.table tr{page-break-inside:avoid}h2{page-break-after:avoid}.page-break{page-break-before:always}
      .table-scroll{overflow:visible}.chart--narrow{display:none}
      .chart,.legend{break-inside:avoid}h3,h4{break-after:avoid}@page{size:A4;margin:15mm}}
    """
}
