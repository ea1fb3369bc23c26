//! What went wrong, as the error envelope names it: one closed set, like the rest of the wire's
//! vocabulary (`vocab`), kept apart because it grows with every route.

closed_set! {
    /// What went wrong, in the error envelope.
    ErrorCode {
        Unauthorized = "unauthorized",
        Forbidden = "forbidden",
        NotFound = "not_found",
        /// 422: `fields` names each bad field.
        Invalid = "invalid",
        MalformedJson = "malformed_json",
        MalformedBody = "malformed_body",
        InvalidQuery = "invalid_query",
        InvalidPath = "invalid_path",
        InvalidIfMatch = "invalid_if_match",
        VersionRequired = "version_required",
        /// 412: the record changed since it was read (the LRS's own code for this).
        VersionConflict = "WSRC0013",
        NotOpen = "not_open",
        NotClosed = "not_closed",
        Expired = "expired",
        /// 409: an amendment would match the register's learner, whom the identity evidence
        /// calls a different person; send `identity_confirmed: true` with a note once confirmed.
        IdentityUnconfirmed = "identity_unconfirmed",
        /// 400: a bulk request names more records than one request may (`records`).
        TooManyRecords = "too_many_records",
        /// 409: another operator is on the record (`claim` says who and since when); claim
        /// again with `take_over: true` to take it over.
        Claimed = "claimed",
        PayloadTooLarge = "payload_too_large",
        /// 408: the request body did not arrive in time.
        RequestTimeout = "request_timeout",
        /// 414: the path and query are longer than any request of this API.
        UriTooLong = "uri_too_long",
        /// 431: the request headers are larger than any client of this API sends.
        HeadersTooLarge = "headers_too_large",
        UnsupportedMediaType = "unsupported_media_type",
        MethodNotAllowed = "method_not_allowed",
        Internal = "internal",
        /// 503: the server is busy with other requests; retry after the `Retry-After` seconds.
        Busy = "busy",
        /// 503: the Learning Records Service is closed or down; nothing was changed. The
        /// message says which; retry later.
        RegisterUnavailable = "register_unavailable",
        /// 409: the change is past the undo window; a supervisor's reopen is the way back.
        UndoWindowPassed = "undo_window_passed",
        /// 409: nothing here is this operator's to undo: the record's latest change is someone
        /// else's, not one that can be undone, already undone, or followed by another change.
        NothingToUndo = "nothing_to_undo",
        /// Said by the client, not the server: the event stream was refused.
        EventsRefused = "events_refused",
    }
}
