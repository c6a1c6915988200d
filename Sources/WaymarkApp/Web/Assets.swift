import Vapor

/// The stylesheet, compiled in so that Waymark serves the same look from any working folder.
/// Colours follow the GOV.UK palette; every status colour also comes with its name in words.
enum Assets {
    static func register(on routes: any RoutesBuilder) {
        routes.get("assets", "waymark.css") { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: stylesheet))
        }
    }

    static let stylesheet = """
    *,*::before,*::after{box-sizing:border-box}
    html{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;font-size:100%;line-height:1.32;color:#0b0c0c;background:#f3f2f1;-webkit-text-size-adjust:100%}
    body{margin:0;background:#fff;font-size:1.1875rem}
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
    .header__name:visited{color:#fff}
    .header__nav{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:15px;align-items:center}
    .header__nav a,.header__nav a:visited,.header__nav .link-button{color:#fff;font-weight:700}
    .header__nav a[aria-current=page]{text-decoration-thickness:3px}
    .header__user{color:#fff}
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
    .button{font:inherit;font-weight:400;font-size:1.1875rem;background:#00703c;color:#fff;border:2px solid transparent;box-shadow:0 2px 0 #002d18;padding:8px 10px 7px;cursor:pointer;margin:0 15px 15px 0;display:inline-block;text-decoration:none}
    .button:hover{background:#005a30}
    .button:focus{background:#fd0;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
    .button--secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
    .button--secondary:hover{background:#dbdad9}
    .link-button{background:none;border:0;padding:0;font:inherit;color:#1d70b8;text-decoration:underline;cursor:pointer}
    .inline-form{display:inline;margin:0}
    .error-summary{border:5px solid #d4351c;padding:20px;margin-bottom:30px}
    .error-summary:focus{outline:3px solid #fd0}
    .error-summary__title{margin-top:0}
    .error-summary__list{margin:0;padding-left:0;list-style:none}
    .error-summary__list a{color:#d4351c;font-weight:700}
    .notification{border:5px solid #1d70b8;padding:20px;margin-bottom:30px}
    .notification--success{border-color:#00703c}
    .panel{background:#f3f2f1;padding:20px;margin-bottom:30px}
    .tag{display:inline-block;padding:2px 8px;font-weight:700;font-size:1rem;letter-spacing:.02em}
    .tag--completed{background:#cce2d8;color:#005a30}
    .tag--on_target{background:#d2e2f1;color:#144e81}
    .tag--delayed{background:#fff7bf;color:#594d00}
    .tag--overdue{background:#f4cdc6;color:#942514}
    .tag--withdrawn{background:#e5e6e7;color:#383f43}
    .tag--rag-green{background:#cce2d8;color:#005a30}
    .tag--rag-amber{background:#fcd6c3;color:#6e3619}
    .tag--rag-red{background:#f4cdc6;color:#942514}
    .tag--draft{background:#e5e6e7;color:#383f43}
    .fieldset{border:0;margin:0;padding:0}
    .fieldset__legend{font-weight:700;margin-bottom:10px}
    .radios__item{display:flex;align-items:center;gap:10px;margin-bottom:10px}
    .radios__input{width:24px;height:24px;margin:0}
    .radios__label{margin:0}
    .email{white-space:pre-wrap;font-family:inherit;background:#f3f2f1;padding:10px;margin:10px 0 0}
    .button--warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
    .button--warning:hover{background:#aa2a16}
    .inline-actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
    @media print{.header,.footer,.skip-link,.no-print,.breadcrumbs,form{display:none}body{font-size:11pt}.width-container{max-width:none;margin:0;padding:0}
      .table{font-size:9pt;page-break-inside:auto}.table tr{page-break-inside:avoid}h2{page-break-after:avoid}.page-break{page-break-before:always}
      .chart,.legend{break-inside:avoid}h3,h4{break-after:avoid}@page{size:A4;margin:15mm}}
    .table{width:100%;border-collapse:collapse;margin-bottom:30px;font-size:1rem}
    .table caption{text-align:left;font-weight:700;font-size:1.1875rem;margin-bottom:10px}
    .table th,.table td{border-bottom:1px solid #b1b4b6;padding:10px 20px 10px 0;text-align:left;vertical-align:top}
    .table .numeric{text-align:right}
    .summary-list{margin:0 0 30px;display:grid;grid-template-columns:minmax(8em,30%) 1fr;border-top:1px solid #b1b4b6}
    .summary-list dt,.summary-list dd{margin:0;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6}
    .summary-list dt{font-weight:700}
    .breadcrumbs ol{list-style:none;padding:0;margin:0 0 20px;display:flex;flex-wrap:wrap;gap:10px;font-size:1rem}
    .breadcrumbs li+li::before{content:"›";margin-right:10px;color:#505a5f}
    .filters{display:flex;flex-wrap:wrap;gap:0 20px;align-items:flex-end;background:#f3f2f1;padding:15px 15px 0;margin-bottom:30px}
    .filters .form-group{margin-bottom:15px}
    .chart{max-width:100%;height:auto;margin-bottom:10px}
    .chart text{font-family:inherit}
    .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:20px;margin:0 0 30px}
    .legend__swatch--completed{background:#00703c}.legend__swatch--on_target{background:#1d70b8}.legend__swatch--delayed{background:#fd0}.legend__swatch--overdue{background:#d4351c}
    .legend__swatch{display:inline-block;width:18px;height:18px;margin-right:6px;vertical-align:-3px;border:1px solid #0b0c0c}
    .history{list-style:none;padding:0}
    .history li{border-left:5px solid #b1b4b6;padding:5px 0 5px 15px;margin-bottom:20px}
    .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
    .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:30px}
    .compare{display:grid;grid-template-columns:1fr 1fr;gap:30px}
    """
}
