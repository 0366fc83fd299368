import Testing
@testable import TuskCodegen

@Suite struct RendererTests {
    @Test func stringLiteralsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(SwiftRenderer.stringLiteral(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(SwiftRenderer.stringLiteral("line\nnext\ttab\u{1}") == #""line\nnext\ttab\u{1}""#)
        #expect(SwiftRenderer.stringLiteral("naïve ✓") == "\"naïve ✓\"")
    }

    @Test func keywordsAreEscapedAndOtherNamesAreNot() {
        #expect(SwiftIdentifier.escaped("default") == "`default`")
        #expect(SwiftIdentifier.escaped("self") == "`self`")
        #expect(SwiftIdentifier.escaped("type") == "type")
        #expect(SwiftIdentifier.escaped("passwordHash") == "passwordHash")
        #expect(SwiftIdentifier.isValid("sourceURL"))
        #expect(!SwiftIdentifier.isValid("2fa"))
        #expect(!SwiftIdentifier.isValid("has space"))
        #expect(!SwiftIdentifier.isValid(""))
    }

    @Test func longSignaturesWrapOneParameterPerLine() {
        let parameters = (1...6).map { SwiftParameter(name: "parameterNumber\($0)", type: "Swift.String") }
        let file = SwiftFile(header: ["h"], declarations: [
            .type(SwiftTypeDeclaration(access: .public, kind: .struct, name: "S", members: [
                .initializer(SwiftInitializer(access: .public, parameters: Array(parameters.prefix(1)), body: [])),
                .initializer(SwiftInitializer(access: .public, parameters: parameters, body: ["x()"])),
            ])),
        ])
        #expect(SwiftRenderer.render(file) == """
            // h

            public struct S {
                public init(parameterNumber1: Swift.String) {
                }

                public init(
                    parameterNumber1: Swift.String,
                    parameterNumber2: Swift.String,
                    parameterNumber3: Swift.String,
                    parameterNumber4: Swift.String,
                    parameterNumber5: Swift.String,
                    parameterNumber6: Swift.String
                ) {
                    x()
                }
            }

            """)
    }
}
