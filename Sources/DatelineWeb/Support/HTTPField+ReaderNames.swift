import HTTPTypes

extension HTTPField.Name {
    /// `X-Frame-Options`, for browsers that predate CSP's `frame-ancestors`.
    static var xFrameOptions: Self { Self("X-Frame-Options")! }  // a valid token, so never nil
    /// `Referrer-Policy`.
    static var referrerPolicy: Self { Self("Referrer-Policy")! }  // a valid token, so never nil
    /// `Cross-Origin-Opener-Policy`.
    static var crossOriginOpenerPolicy: Self { Self("Cross-Origin-Opener-Policy")! }  // a valid token, so never nil
    /// `Permissions-Policy`.
    static var permissionsPolicy: Self { Self("Permissions-Policy")! }  // a valid token, so never nil
}
