import WaymarkCore

/// Choice fields in the GOV.UK pattern, with their hint and error message tied to the control.
enum FormFields {
    static func select(_ name: String, _ label: String, hint: String? = nil, options: [(value: String, label: String)],
                       selected: String, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts(name, hint: hint, errors: errors)
        let items = options.map { option -> HTML in
            "<option value=\"\(option.value)\"\(option.value == selected ? HTML(" selected") : "")>\(option.label)</option>"
        }
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<select class=\"select\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\"\(p.describedBy)>\(items)</select></div>"
    }

    /// The first radio carries the field's id, so the error summary's link lands on it.
    static func radios(_ name: String, legend: String, hint: String? = nil, options: [(value: String, label: String)],
                       selected: String, errors: [FieldError], idSuffix: String = "") -> HTML {
        let id = name + idSuffix
        let p = MilestoneUpdateForm.fieldParts(id, hint: hint, errors: errors.map { FieldError(field: $0.field + idSuffix, message: $0.message) })
        let items = options.enumerated().map { index, option -> HTML in
            let optionID = index == 0 ? id : "\(id)-\(index + 1)"
            return """
            <div class="radios__item"><input class="radios__input" id="\(optionID)" name="\(name)" type="radio" value="\(option.value)"\(option.value == selected ? HTML(" checked") : "")>\
            <label class="label radios__label" for="\(optionID)">\(option.label)</label></div>
            """
        }
        return "<div class=\"\(p.group)\"><fieldset class=\"fieldset\"\(p.describedBy)><legend class=\"fieldset__legend\">\(legend)</legend>\(p.error)<div class=\"radios\">\(items)</div></fieldset></div>"
    }

    /// The rating in words; the colour only repeats it.
    static func ratingTag(_ rating: DeliveryRating?) -> HTML {
        guard let rating else { return "<strong class=\"tag tag--withdrawn\">Not rated</strong>" }
        return "<strong class=\"tag tag--rag-\(rating.rawValue)\">\(rating.label)</strong>"
    }
}
