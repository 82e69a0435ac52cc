import Foundation

/// Rule templates: `.suan` files of rules shipped with the program (and any a user
/// writes). `template "qingdao"` runs a bundled one; `template "路径.suan"` a file.
public enum Templates {
    public static let defaultName = "qingdao"

    /// Bundled templates by name and Chinese alias.
    public static let bundled: [String: String] = ["qingdao": "qingdao", "青岛": "qingdao", "yunnan": "yunnan", "云南": "yunnan"]

    /// The template's source, from the bundle or from a path (relative paths are taken
    /// from `folder`, the dataset's folder, when given).
    static func source(_ name: String, folder: String?, span: SourceSpan?) throws(Diagnostic) -> Source {
        let path: String
        let shown: String
        if let file = bundled[name] {
            guard let p = Resources.path("Templates/\(file).suan") else {
                throw Diagnostic(.file(path: name, reason: "找不到随程序安装的规则模板（\(Resources.folderName)）"), at: span)
            }
            path = p
            shown = "模板:\(file).suan"
        } else {
            path = name.hasPrefix("/") || folder == nil ? name : ((folder ?? "") as NSString).appendingPathComponent(name)
            shown = name
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(.notFound("找不到规则模板「\(name)」"), at: span,
                             notes: ["内置模板：qingdao（青岛，执行 10 分，等级 90/80/70）、yunnan（云南，执行 20 分，等级 90/80/60）"])
        }
        return try Source.decode(name: shown, bytes: [UInt8](data))
    }
}

extension Session {
    /// Runs a rule template's statements (its variables, functions and rules). With
    /// `keepingUserDefinitions` (the default template a dataset gets on its own), a
    /// rule, function or variable the user has already defined is left as it is.
    func runTemplate(_ name: String, span: SourceSpan?, keepingUserDefinitions: Bool = false, emit: (Output) -> Void) throws(Diagnostic) {
        let folder = environment.dataset.flatMap { d -> String? in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: d.path, isDirectory: &isDir) && isDir.boolValue ? d.path : nil
        }
        let source = try Templates.source(name, folder: folder, span: span)
        // The template's own statements are not the user's: :save keeps the `template` line only.
        let saved = savedStatements
        defer { savedStatements = saved }
        var definedRules = 0
        for statement in try Parser.parse(source) {
            if keepingUserDefinitions {
                switch statement {
                case .rule(let r) where environment.rules[r.table]?[r.column] != nil: continue
                case .binding(let n, _, _) where environment.variables[n] != nil: continue
                case .function(let n, _, _, _) where environment.functions[n] != nil: continue
                default: break
                }
            }
            _ = try execute(statement, emit: emit)
            if case .rule = statement { definedRules += 1 }
        }
        // Kept entirely in favour of the user's own rules, it is not the one in force.
        if definedRules > 0 || !keepingUserDefinitions { activeTemplate = source.name }
        datasetDefinitions.template = installingDataset ? source.name : nil
    }
}
