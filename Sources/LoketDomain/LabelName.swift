import Foundation
/// A label on a customer (`kartu`, `vip`, `kredit-macet`): one word of letters, digits, `-` or `_`, at most
/// 32 characters, kept in lower case so `VIP` and `vip` are one label.
public enum LabelName {
    public static func validate(_ text: String) throws(InputError) -> String {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty else { throw InputError("a label needs a name") }
        guard name.count <= 32 else { throw InputError("label '{1}' is {2} characters; at most 32", name, name.count) }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw InputError("label '{1}' may hold only letters, digits, - and _ (one word)", text)
        }
        return name
    }
}
