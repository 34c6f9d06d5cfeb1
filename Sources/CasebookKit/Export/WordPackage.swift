import Foundation
import ZIPFoundation

/// A Word document's package (Office Open XML): the body's `word/document.xml` and the fixed parts around it,
/// zipped with ZIPFoundation in a fixed order with a fixed modification date, so the bytes depend on the guide alone.
struct WordPackage {
    /// The numbering instance of bulleted lists; numbered lists take the ids after it, one a list.
    static let bulletNumbering = 1
    /// The date every zip entry carries (1 January 1980, the earliest a zip can hold).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    var body: WordBody
    var title: String
    var subject: String
    /// When the guide was published or last changed, for the core properties.
    var date: String

    /// The package as zip bytes, `[Content_Types].xml` first.
    func zipped() throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts() {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// Every part by path, in the order they are written.
    func parts() -> [(String, String)] {
        [
            ("[Content_Types].xml", WordParts.contentTypes),
            ("_rels/.rels", WordParts.packageRelationships),
            ("docProps/core.xml", coreProperties),
            ("docProps/app.xml", WordParts.appProperties),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", WordParts.styles),
            ("word/numbering.xml", numbering),
            ("word/settings.xml", WordParts.settings),
            ("word/footer1.xml", WordParts.footer)
        ]
    }

    var document: String {
        WordParts.declaration + "<w:document xmlns:w=\"\(WordParts.main)\" xmlns:r=\"\(WordParts.relationships)\"><w:body>\n"
            + body.xml + WordParts.section + "</w:body></w:document>\n"
    }

    var documentRelationships: String {
        var rels = [
            ("styles", "styles", "styles.xml"), ("numbering", "numbering", "numbering.xml"),
            ("settings", "settings", "settings.xml"), ("footer1", "footer", "footer1.xml")
        ].map { "<Relationship Id=\"\($0.0)\" Type=\"\(WordParts.relationships)/\($0.1)\" Target=\"\($0.2)\"/>\n" }.joined()
        for (index, url) in body.hyperlinks.enumerated() {
            rels +=
                "<Relationship Id=\"link\(index + 1)\" Type=\"\(WordParts.relationships)/hyperlink\" Target=\"\(XML.escape(url))\" TargetMode=\"External\"/>\n"
        }
        return WordParts.declaration + "<Relationships xmlns=\"\(WordParts.packageRelationshipsNamespace)\">\n\(rels)</Relationships>\n"
    }

    /// Bullets, and one numbering instance per numbered list so that each starts at 1.
    var numbering: String {
        var xml = WordParts.declaration + "<w:numbering xmlns:w=\"\(WordParts.main)\">\n"
        xml += WordParts.abstractNumbering(id: 0, format: "bullet", text: "•") + WordParts.abstractNumbering(id: 1, format: "decimal", text: "%1.")
        xml += "<w:num w:numId=\"\(Self.bulletNumbering)\"><w:abstractNumId w:val=\"0\"/></w:num>\n"
        for list in 0..<body.numberedLists {
            xml +=
                "<w:num w:numId=\"\(Self.bulletNumbering + list + 1)\"><w:abstractNumId w:val=\"1\"/>"
                + "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>\n"
        }
        return xml + "</w:numbering>\n"
    }

    /// Title, subject and dates; a date that is not a timestamp is left out rather than written malformed.
    var coreProperties: String {
        var xml =
            WordParts.declaration + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        xml += "<dc:title>\(XML.escape(title))</dc:title>\n"
        if !subject.isEmpty { xml += "<dc:subject>\(XML.escape(subject))</dc:subject>\n" }
        xml += "<dc:creator>Casebook</dc:creator>\n"
        if date.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil {
            xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:created>\n"
            xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:modified>\n"
        }
        return xml + "</cp:coreProperties>\n"
    }
}

/// The fixed parts of every Casebook Word document.
enum WordParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    static let contentTypes =
        declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
            <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
            <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
            <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
            </Types>

            """

    static let packageRelationships =
        declaration + """
            <Relationships xmlns="\(packageRelationshipsNamespace)">
            <Relationship Id="document" Type="\(relationships)/officeDocument" Target="word/document.xml"/>
            <Relationship Id="core" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
            <Relationship Id="app" Type="\(relationships)/extended-properties" Target="docProps/app.xml"/>
            </Relationships>

            """

    static let appProperties =
        declaration + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Casebook</Application></Properties>

            """

    static let settings =
        declaration + """
            <w:settings xmlns:w="\(main)"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>

            """

    /// A4 with 2 cm margins; the cover page has no page number (`titlePg` with no first-page footer).
    static let section = """
        <w:sectPr><w:footerReference w:type="default" r:id="footer1"/><w:pgSz w:w="11906" w:h="16838"/>\
        <w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>

        """

    /// "Page N" at the foot of every page after the cover, as a field Word and LibreOffice update.
    static let footer =
        declaration + """
            <w:ftr xmlns:w="\(main)"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>\
            <w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>

            """

    /// One list level's look: a bullet or a decimal number, indented.
    static func abstractNumbering(id: Int, format: String, text: String) -> String {
        "<w:abstractNum w:abstractNumId=\"\(id)\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
            + "<w:numFmt w:val=\"\(format)\"/><w:lvlText w:val=\"\(text)\"/><w:lvlJc w:val=\"left\"/>"
            + "<w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>\n"
    }

    /// Word's built-in styles (Normal, Title, Subtitle, Heading 1–3, List Paragraph, TOC 1–2, Hyperlink, Footer)
    /// under their own ids and names, so Word and LibreOffice treat headings as headings, and a few of the guide's own.
    static let styles =
        declaration + """
            <w:styles xmlns:w="\(main)">
            <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>\
            <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="0B0C0C"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>\
            <w:pPr><w:spacing w:before="2400" w:after="240"/><w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:b/><w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/>\
            <w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>\
            <w:pPr><w:keepNext/><w:keepLines/><w:pBdr><w:top w:val="single" w:sz="24" w:space="6" w:color="005EB8"/></w:pBdr><w:spacing w:before="480" w:after="160"/><w:outlineLvl w:val="0"/></w:pPr>\
            <w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
            <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
            <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>\
            <w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>\
            <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>\
            <w:pPr><w:spacing w:after="40"/><w:ind w:left="440"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>\
            <w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="505A5F"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:customStyle="1" w:styleId="CoverDate"><w:name w:val="Cover Date"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:spacing w:after="480"/></w:pPr><w:rPr><w:color w:val="505A5F"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:customStyle="1" w:styleId="Summary"><w:name w:val="Summary"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:keepNext/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:customStyle="1" w:styleId="Colophon"><w:name w:val="Colophon"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:color w:val="505A5F"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
            <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>\
            <w:rPr><w:color w:val="005EB8"/><w:u w:val="single"/></w:rPr></w:style>
            <w:style w:type="character" w:customStyle="1" w:styleId="Code"><w:name w:val="Code"/><w:basedOn w:val="DefaultParagraphFont"/>\
            <w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/><w:sz w:val="20"/></w:rPr></w:style>
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>\
            <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
            <w:style w:type="table" w:customStyle="1" w:styleId="FactsTable"><w:name w:val="Facts Table"/><w:basedOn w:val="TableNormal"/>\
            <w:pPr><w:spacing w:after="0"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>\
            <w:bottom w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/></w:tblBorders>\
            <w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
            </w:styles>

            """
}
