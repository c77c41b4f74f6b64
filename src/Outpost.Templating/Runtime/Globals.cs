using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Jinja's default globals: range, dict, lipsum, cycler, joiner, namespace.</summary>
internal static class Globals
{
    private static readonly Dictionary<string, object?> Values = new(StringComparer.Ordinal)
    {
        ["range"] = new Builtin("range", Range, "<class 'range'>"),
        ["dict"] = new Builtin("dict", Dict, "<class 'dict'>"),
        ["lipsum"] = new Builtin("lipsum", Lipsum),
        ["cycler"] = new Builtin("cycler", (_, a) => new Cycler(a.Positional), "<class 'jinja2.utils.Cycler'>"),
        ["joiner"] = new Builtin("joiner", Joiner, "<class 'jinja2.utils.Joiner'>"),
        ["namespace"] = new Builtin("namespace", NewNamespace, "<class 'jinja2.utils.Namespace'>"),
    };

    public static bool TryGet(string name, out object? value) => Values.TryGetValue(name, out value);

    private static object? Range(Frame frame, CallArgs args)
    {
        if (args.Named is { Count: > 0 })
        {
            throw new TemplateRuntimeException("range() takes no keyword arguments");
        }
        var p = args.Positional;
        long start = 0, stop, step = 1;
        switch (p.Length)
        {
            case 1: stop = Py.ToLong(p[0]); break;
            case 2: start = Py.ToLong(p[0]); stop = Py.ToLong(p[1]); break;
            case 3: start = Py.ToLong(p[0]); stop = Py.ToLong(p[1]); step = Py.ToLong(p[2]); break;
            default: throw new TemplateRuntimeException($"range expected at most 3 arguments, got {p.Length}");
        }
        if (step == 0)
        {
            throw new TemplateRuntimeException("range() arg 3 must not be zero");
        }
        var range = new PyRange(start, stop, step);
        var max = frame.Ctx.Environment.Options.MaxRangeLength;
        if (range.Count > max)
        {
            throw new TemplateRuntimeException($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({max}).");
        }
        return range;
    }

    private static object? Dict(Frame frame, CallArgs args)
    {
        var d = new Dictionary<string, object?>();
        if (args.Positional.Length > 1)
        {
            throw new TemplateRuntimeException($"dict expected at most 1 argument, got {args.Positional.Length}");
        }
        var call = new CallArgs(args.Positional, args.Named);
        DictMethods.Invoke(new Mapping((System.Collections.IDictionary)d), "update", call);
        return d;
    }

    private static object? NewNamespace(Frame frame, CallArgs args)
    {
        var ns = new Namespace();
        foreach (var p in args.Positional)
        {
            var d = new Dictionary<string, object?>();
            DictMethods.Invoke(new Mapping((System.Collections.IDictionary)d), "update", new CallArgs([p], null));
            foreach (var (k, v) in d)
            {
                ns.Set(k, v);
            }
        }
        foreach (var (k, v) in args.Named ?? [])
        {
            ns.Set(k, v);
        }
        return ns;
    }

    private static object? Joiner(Frame frame, CallArgs args)
    {
        var sep = Py.Str(args.Bind("joiner", ["sep"], [", "])[0]);
        var used = false;
        return new Builtin("joiner", (_, _) =>
        {
            if (!used)
            {
                used = true;
                return string.Empty;
            }
            return sep;
        });
    }

    private static readonly string[] LipsumWords =
        "a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate"
            .Split(' ');

    private static object? Lipsum(Frame frame, CallArgs args)
    {
        var a = args.Bind("generate_lorem_ipsum", ["n", "html", "min", "max"], [5L, true, 20L, 100L]);
        var n = Py.ToLong(a[0]);
        var html = Py.Truthy(a[1]);
        var min = (int)Py.ToLong(a[2]);
        var max = (int)Py.ToLong(a[3]);
        var rnd = Random.Shared;
        var paragraphs = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var sb = new StringBuilder();
            var count = rnd.Next(min, Math.Max(min, max) + 1);
            var startSentence = true;
            for (var w = 0; w < count; w++)
            {
                var word = LipsumWords[rnd.Next(LipsumWords.Length)];
                if (startSentence)
                {
                    word = char.ToUpperInvariant(word[0]) + word[1..];
                    startSentence = false;
                }
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(word);
                if (rnd.Next(10) == 0 && w < count - 1)
                {
                    sb.Append('.');
                    startSentence = true;
                }
            }
            sb.Append('.');
            paragraphs.Add(sb.ToString());
        }
        return html
            ? new Markup(string.Join("\n\n", paragraphs.Select(p => $"<p>{Markup.EscapeText(p)}</p>")))
            : string.Join("\n\n", paragraphs);
    }
}
