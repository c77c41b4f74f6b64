namespace Outpost.Templating.Tests.Engine;

/// <summary>Small helpers shared by the engine tests.</summary>
internal static class Engine
{
    public static string Render(string template, string json = "{}", TemplateOptions? options = null, IReadOnlyDictionary<string, string>? files = null)
    {
        var env = new TemplateEnvironment(options, files is null ? null : new DictionaryTemplateLoader(files));
        return env.FromString(template).Render(TemplateData.FromJson(json));
    }

    public static TException Fails<TException>(string template, string json = "{}", TemplateOptions? options = null, IReadOnlyDictionary<string, string>? files = null)
        where TException : TemplateException
        => Assert.ThrowsAny<TException>(() => Render(template, json, options, files));
}
