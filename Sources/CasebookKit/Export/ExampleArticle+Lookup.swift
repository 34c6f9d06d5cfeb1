import Mustache

// The article is rendered once per example in every guide and site, so its values answer the template's
// lookups by name instead of by reflection (swift-mustache's `Mirror` walk was most of an export's time;
// decision 018). A name that is not here falls through to the enclosing value, as with reflection;
// `ExportTests` checks that every stored property is answered.

extension ExampleArticle: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "href": href
        case "title": title
        case "summary": summary
        case "note": note
        case "hasNote": hasNote
        case "organisation": organisation
        case "headingLevel": headingLevel
        case "subheadingLevel": subheadingLevel
        case "facts": facts
        case "parts": parts
        case "hasBody": hasBody
        case "links": links
        case "hasLinks": hasLinks
        case "triedElsewhere": triedElsewhere
        case "hasTriedElsewhere": hasTriedElsewhere
        case "triedElsewhereHeading": triedElsewhereHeading
        default: nil
        }
    }
}

extension ExampleArticle.FactView: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "values": values
        default: nil
        }
    }
}

extension ExampleArticle.ValueView: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "href": href
        case "linked": linked
        case "last": last
        case "separator": separator
        default: nil
        }
    }
}

extension ExampleArticle.LinkView: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "linked": linked
        case "showsAddress": showsAddress
        default: nil
        }
    }
}

extension ExampleArticle.PartView: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "heading": heading
        case "hasHeading": hasHeading
        case "html": html
        default: nil
        }
    }
}

extension ExampleArticle.TriedView: MustacheParent {
    /// The value the template names, or nil.
    public func child(named name: String) -> Any? {
        switch name {
        case "who": who
        case "adapted": adapted
        case "happened": happened
        case "hasHappened": hasHappened
        default: nil
        }
    }
}
