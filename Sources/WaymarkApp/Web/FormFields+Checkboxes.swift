import Vapor

extension FormFields {
    /// GOV.UK checkboxes in a fieldset. Each box has a name of its own (`prefix` and the value),
    /// so a plain form post carries any number of them; the first box carries the field's id, so
    /// the error summary's link lands on it.
    static func checkboxes(_ field: String, prefix: String, legend: String, hint: String? = nil, options: [(value: String, label: String)],
                           checked: Set<String>, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts(field, hint: hint, errors: errors)
        let items = options.enumerated().map { index, option -> HTML in
            let id = index == 0 ? field : "\(prefix)\(option.value)"
            return """
            <div class="checkboxes__item"><input class="checkboxes__input" id="\(id)" name="\(prefix)\(option.value)" type="checkbox" value="yes"\(checked.contains(option.value) ? HTML(" checked") : "")>\
            <label class="label checkboxes__label" for="\(id)">\(option.label)</label></div>
            """
        }
        return "<div class=\"\(p.group)\"><fieldset class=\"fieldset\"\(p.describedBy)><legend class=\"fieldset__legend\">\(legend)</legend>\(p.error)<div class=\"checkboxes\">\(items)</div></fieldset></div>"
    }

    /// The values of the boxes ticked in a form posted from `checkboxes`.
    static func ticked(_ form: [String: String], prefix: String) -> [Int] {
        form.compactMap { key, value in key.hasPrefix(prefix) && value == "yes" ? Int(key.dropFirst(prefix.count)) : nil }.sorted()
    }
}
