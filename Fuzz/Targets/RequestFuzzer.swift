import TriageSchema

/// Client request bodies, as `POST /v1/chat/completions` (and the other JSON endpoints) read
/// them: the JSON parser, then every request type's validation, then what the gateway derives
/// from an accepted chat request before sending it upstream.
///
/// Invariants beyond "no crash, no hang": whatever parses serializes and parses back to the
/// same value; the partial readers the gateway uses on upstream bodies (`selectedMembers`)
/// agree with the full parse; an accepted request's upstream body is JSON again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    checkPartialReaders(bytes)
    guard let json = try? JSONValue(parsing: bytes) else { return 0 }
    let again = try? JSONValue(parsing: json.serialized())
    check(again == json, "serialize-parse round trip changed the value")

    _ = describe { () throws(RequestValidationError) in _ = try EmbeddingRequest(json: json) }
    _ = describe { () throws(RequestValidationError) in _ = try FeedbackRequest(json: json) }
    _ = describe { () throws(RequestValidationError) in _ = try KeyGenerateRequest(json: json) }
    _ = describe { () throws(RequestValidationError) in _ = try KeyUpdateRequest(json: json) }
    _ = describe { () throws(RequestValidationError) in _ = try KeyDeleteRequest(json: json) }
    _ = describe { () throws(RequestValidationError) in _ = try TeamNewRequest(json: json) }

    let request: ChatCompletionRequest
    do throws(RequestValidationError) {
        request = try ChatCompletionRequest(json: json)
    } catch {
        check(!error.message.isEmpty, "a rejected request must say why")
        _ = error.errorBody.jsonBytes()
        return 0
    }
    exercise(request, bodyBytes: size)
    return 0
}

/// What the gateway reads from an accepted chat request on its way upstream.
private func exercise(_ request: ChatCompletionRequest, bodyBytes: Int) {
    check(request.estimatedPromptTokens >= 0, "negative prompt estimate")
    check(request.promptTokenBound(bodyBytes: bodyBytes) >= bodyBytes, "prompt bound below the body size")
    _ = request.lastUserText
    _ = request.conversationTurns
    for stream in [false, true] {
        let upstream = request.upstreamBodyBytes(model: "fuzz-model", stream: stream, includeUsage: true)
        let parsed = try? JSONValue(parsing: upstream)
        check(parsed?["model"] == .string("fuzz-model"), "the upstream body is not JSON naming the deployment's model")
        for field in ChatCompletionRequest.gatewayOnlyFields {
            check(parsed?[field] == nil, "gateway-only field \(field) sent upstream")
        }
    }
    let capped = request.cappingOutput(at: 7)
    check(capped.maxOutputTokens != nil, "a capped request has no cap")
    if let anthropic = try? AnthropicRequestTranslator().bodyBytes(for: request, model: "claude", stream: true) {
        check((try? JSONValue(parsing: anthropic)) != nil, "the Anthropic body is not JSON")
    }
}

/// `selectedMembers` steps over the members it does not build; on valid JSON it must find
/// exactly what the full parse finds. (On invalid JSON it may accept a little more than the
/// full parser: skipped strings are not checked for escapes or UTF-8.)
private func checkPartialReaders(_ bytes: UnsafeBufferPointer<UInt8>) {
    let names = ["model", "messages", "usage"]
    let selected = try? JSONValue.selectedMembers(names, in: bytes)
    _ = JSONValue.topLevelMember("usage", in: bytes)
    _ = Usage.scan(bytes)
    guard case .object(let object)? = try? JSONValue(parsing: bytes) else { return }
    check(selected != nil, "selectedMembers rejected a valid object")
    for (name, value) in zip(names, selected ?? []) {
        check(value == object[name], "selectedMembers disagrees with the full parse on \(name)")
    }
}

/// Runs a validation and renders its error as the gateway would, to exercise the messages.
private func describe(_ body: () throws(RequestValidationError) -> Void) -> String? {
    do throws(RequestValidationError) {
        try body()
        return nil
    } catch {
        check(!error.message.isEmpty, "a rejected request must say why")
        return String(decoding: error.errorBody.jsonBytes(), as: UTF8.self)
    }
}
