import Foundation

/// Where the export's mustache templates are: the `Templates` folder of this target's resources, found
/// beside an installed binary or in the source tree. A target of its own, like the seeds, because
/// CasebookKit declares a type named `Foundation`, which the generated resource accessor cannot live beside.
public enum TemplateFiles {
    /// The folders to look in, in order: the resource bundle beside the executable, an installed share
    /// folder, then the source tree. Nothing is read here; `ExportTemplates` checks each folder.
    public static var candidateFolders: [URL] {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let bundles = [
            "casebook_CasebookTemplates.resources", "casebook_CasebookTemplates.bundle/Contents/Resources",
            "casebook_CasebookTemplates.bundle"
        ]
        let bundled = [Bundle.main.bundleURL, executable].flatMap { base in
            bundles.map { base.appendingPathComponent($0).appendingPathComponent("Templates") }
        }
        let installed = executable.deletingLastPathComponent().appendingPathComponent("share/casebook/templates")
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Templates")
        var seen = Set<String>()
        return (bundled + [installed, source]).filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
