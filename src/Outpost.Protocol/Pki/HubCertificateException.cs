using System.Security.Authentication;

namespace Outpost.Protocol.Pki;

/// <summary>The hub's TLS certificate was refused; the message says why in words a technician can act on.</summary>
public sealed class HubCertificateException(string message) : AuthenticationException(message);
