namespace Outpost.Protocol.Pki;

/// <summary>POST /v1/enroll body.</summary>
public sealed record EnrollRequest(string TokenId, string Secret, string CsrPem);

/// <summary>POST /v1/enroll answer: the site's identity and what it must pin from now on.</summary>
public sealed record EnrollResponse(string SiteId, string CertificatePem, string CaCertificatePem, string SigningPublicKeyPem);
