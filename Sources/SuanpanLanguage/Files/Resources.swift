import Foundation

/// Where the files shipped with the program (the bundled dataset, rule templates)
/// are: the package's resource folder beside the executable. Found without
/// `Bundle.module`, whose generated accessor stops the program when the folder is
/// missing; here a missing folder is an ordinary error.
package enum Resources {
    package static let folderName = "suanpan_Suanpan.resources"

    package static let root: URL? = {
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        if let arg0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for dir in candidates {
            let url = dir.appendingPathComponent(folderName)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }()

    package static func path(_ relative: String) -> String? {
        root?.appendingPathComponent(relative).path
    }
}
