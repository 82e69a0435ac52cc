import Foundation
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// Rule templates: `.suan` files of rules shipped with the program (and any a user
/// writes). `template "qingdao"` runs a bundled one; `template "路径.suan"` a file.
public enum Templates {
    public static let defaultName = "qingdao"

    /// Bundled templates by name and Chinese alias.
    public static let bundled: [String: String] = ["qingdao": "qingdao", "青岛": "qingdao", "yunnan": "yunnan", "云南": "yunnan"]

    /// The template's source, from the bundle or from a path (relative paths are taken
    /// from `folder`, the dataset's folder, when given). A template a dataset chooses
    /// (`confined`) is a bundled one or a file inside its own folder.
    static func source(_ name: String, folder: String?, confined: Bool = false, span: SourceSpan?) throws(Diagnostic) -> Source {
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
            if confined {
                let inside: Bool
                if let folder, let base = realpath(folder, nil) {
                    defer { free(base) }
                    let real = realpath(path, nil)
                    defer { free(real) }
                    let root = String(cString: base)
                    inside =
                        real.map { String(cString: $0).hasPrefix(root.hasSuffix("/") ? root : root + "/") } ?? !name.hasPrefix("/")
                        && !name.split(separator: "/").contains("..")
                } else {
                    inside = false
                }
                guard inside else {
                    throw Diagnostic(
                        .data("数据集只能使用内置的规则模板或自己文件夹里的模板文件，这里是「\(name)」"), at: span,
                        notes: ["内置模板：qingdao（青岛）、yunnan（云南）；要用别处的模板，请在会话中自己写 template \"路径\""])
                }
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(
                .notFound("找不到规则模板「\(name)」"), at: span,
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
        let source = try Templates.source(name, folder: folder, confined: installingDataset, span: span)
        let previousTemplate = activeTemplate
        // The template's own statements are not the user's: :save keeps the `template` line only.
        let saved = savedStatements
        defer { savedStatements = saved }
        let statements = try Parser.parse(source)
        // A template a dataset runs is part of the dataset: it may only define.
        if installingDataset { try DatasetLoader.confine(statements) }
        var definedRules = 0
        for statement in statements {
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
        if installingDataset {
            if datasetDefinitions.template == nil { datasetDefinitions.shadowedTemplate = previousTemplate }
            datasetDefinitions.template = source.name
        } else {
            datasetDefinitions.template = nil
        }
    }
}
