using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outpost.Protocol.Bundles;

/// <summary>Reads a bundle's optional <c>outpost.bundle.yaml</c> (its health checks), naming file and line on error.</summary>
public static class BundleDefinitionReader
{
    public const string FileName = "outpost.bundle.yaml";

    public static BundleConfig Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new BundleConfig();
        }

        var checks = new List<HealthCheck>();
        Tunnels.TunnelConfig? tunnel = null;
        foreach (var (key, value) in root.Children)
        {
            var name = ((YamlScalarNode)key).Value;
            if (name == "tunnel")
            {
                tunnel = ReadTunnel(path, value);
                continue;
            }

            if (name != "healthChecks")
            {
                throw Error(path, key, $"unknown field '{name}' (known: healthChecks, tunnel)");
            }

            if (value is not YamlSequenceNode list)
            {
                throw Error(path, value, "healthChecks must be a list");
            }

            foreach (var item in list)
            {
                checks.Add(ReadCheck(path, item));
            }
        }

        var duplicate = checks.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}: health check name '{duplicate.Key}' is used twice.");
        }

        return new BundleConfig { HealthChecks = checks, Tunnel = tunnel };
    }

    private static Tunnels.TunnelConfig ReadTunnel(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(path, node, "tunnel must be a mapping like { allow: [\"127.0.0.1:22\"] }");
        }

        var allow = new List<string>();
        foreach (var (key, value) in map.Children)
        {
            if (((YamlScalarNode)key).Value != "allow")
            {
                throw Error(path, key, $"unknown tunnel field '{((YamlScalarNode)key).Value}' (known: allow)");
            }

            if (value is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                continue; // "allow:" with nothing after it: an empty list
            }

            if (value is not YamlSequenceNode list)
            {
                throw Error(path, value, "tunnel.allow must be a list of HOST:PORT patterns");
            }

            foreach (var item in list)
            {
                var pattern = Scalar(path, item, "tunnel.allow");
                if (Tunnels.TunnelAllowList.Problem(pattern) is { } problem)
                {
                    throw Error(path, item, problem);
                }

                allow.Add(pattern);
            }
        }

        return new Tunnels.TunnelConfig { Allow = allow };
    }

    private static HealthCheck ReadCheck(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(path, node, "a health check must be a mapping with name and command or http");
        }

        string? name = null, http = null;
        List<string>? command = null;
        double timeout = 10;
        foreach (var (key, value) in map.Children)
        {
            switch (((YamlScalarNode)key).Value)
            {
                case "name": name = Scalar(path, value, "name"); break;
                case "http": http = Scalar(path, value, "http"); break;
                case "command":
                    command = value is YamlSequenceNode argv
                        ? argv.Select(a => Scalar(path, a, "command")).ToList()
                        : ["/bin/sh", "-c", Scalar(path, value, "command")];
                    break;
                case "timeoutSeconds":
                    if (!double.TryParse(Scalar(path, value, "timeoutSeconds"), System.Globalization.CultureInfo.InvariantCulture, out timeout) || timeout <= 0)
                    {
                        throw Error(path, value, "timeoutSeconds must be a positive number");
                    }

                    break;
                default: throw Error(path, key, $"unknown health check field '{((YamlScalarNode)key).Value}' (known: name, command, http, timeoutSeconds)");
            }
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw Error(path, map, "a health check needs a name");
        }

        if ((command is null) == (http is null))
        {
            throw Error(path, map, $"health check '{name}' needs exactly one of command or http");
        }

        if (http is not null && (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
        {
            throw Error(path, map, $"health check '{name}' has http '{http}', which is not an http(s) URL");
        }

        return new HealthCheck { Name = name, Command = command, Http = http, TimeoutSeconds = timeout };
    }

    private static string Scalar(string path, YamlNode node, string field) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(path, node, $"{field} must be a scalar");

    private static InvalidDataException Error(string path, YamlNode node, string message) =>
        new($"{path}:{node.Start.Line}: {message}");
}
