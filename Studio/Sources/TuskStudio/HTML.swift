import Foundation

/// HTML text built by the pages. Every value from the database or a request goes through
/// ``escape(_:)``; only the pages' own markup is written raw.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A query string from pairs, form-encoded (`a=1&b=x%20y`), with a leading `?` when not empty.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? "" : "?" + pairs.map { FormData.encode($0.0) + "=" + FormData.encode($0.1) }.joined(separator: "&")
    }

    static func link(_ href: String, _ text: String, attributes: String = "") -> String {
        "<a href=\"\(escape(href))\"\(attributes.isEmpty ? "" : " " + attributes)>\(escape(text))</a>"
    }

    /// A message box: `kind` is `error`, `notice` or `ok`.
    static func message(_ kind: String, _ text: String) -> String {
        "<div class=\"message \(kind)\" role=\"\(kind == "error" ? "alert" : "status")\">\(escape(text).replacingOccurrences(of: "\n", with: "<br>"))</div>"
    }

    /// The page frame: navigation, the read-only badge, the content.
    static func page(title: String, readOnly: Bool, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · Tusk Studio</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(style)</style></head>
        <body><header><a class="brand" href="/">Tusk Studio</a> <a href="/">Tables</a> <a href="/migrations">Migrations</a> <a href="/sql">SQL</a>\(readOnly ? " <span class=\"badge\">read-only</span>" : "")</header>
        <main>\(body)</main>
        <script>\(script)</script>
        </body></html>
        """
    }

    /// A hidden form field carrying the token: every POST must have it (the cookie alone is not enough).
    static func tokenField(_ token: String) -> String { "<input type=\"hidden\" name=\"_token\" value=\"\(escape(token))\">" }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d232a}header{background:#24303c;padding:8px 16px}
        header a{color:#e8eef3;margin-right:14px;text-decoration:none}header .brand{font-weight:700}
        .badge{background:#c0392b;color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}
        main{padding:12px 16px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d5dbe1;padding:3px 6px;vertical-align:top;text-align:left}
        th{background:#f0f3f6}td.null{color:#999;font-style:italic}.message{padding:8px;margin:8px 0;border-radius:4px}
        .error{background:#fde8e6;border:1px solid #e0a49c}.ok{background:#e6f6e9;border:1px solid #9cd3a6}.notice{background:#fff7dd;border:1px solid #e8d27c}
        details.json{margin-left:12px}pre{background:#f6f8fa;padding:8px;overflow:auto}form.filters label{display:inline-block;margin:2px 10px 2px 0}
        ul.plan{list-style:none;padding-left:18px;border-left:1px dotted #aaa}ul.plan li{margin:4px 0}.muted{color:#6b7781}
        textarea{width:100%;max-width:900px}input.wide{width:420px}
        """

    /// A little plain JavaScript: confirm before a delete; a NULL checkbox disables its field.
    static let script = """
        document.querySelectorAll('form.delete').forEach(f=>f.addEventListener('submit',e=>{if(!confirm('Delete this row?'))e.preventDefault()}));
        document.querySelectorAll('input.null-toggle').forEach(c=>{const t=document.getElementById(c.dataset.field);const s=()=>{if(t)t.disabled=c.checked};c.addEventListener('change',s);s()});
        """
}
