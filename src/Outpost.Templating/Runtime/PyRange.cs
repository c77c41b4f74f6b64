using System.Collections;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>A Python range: lazy, read-only, prints as range(a, b).</summary>
internal sealed class PyRange : IList, IReadOnlyList<object?>, IPyObject
{
    private readonly long _start;
    private readonly long _step;

    public PyRange(long start, long stop, long step)
    {
        _start = start;
        Stop = stop;
        _step = step;
        var n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        Count = (int)Math.Max(0, n);
    }

    public long Stop { get; }

    public int Count { get; }

    public string TypeName => "range";

    public object? this[int index]
    {
        get => index >= 0 && index < Count ? _start + (index * _step) : throw new ArgumentOutOfRangeException(nameof(index));
        set => throw new TemplateRuntimeException("'range' object does not support item assignment");
    }

    public bool IsFixedSize => true;

    public bool IsReadOnly => true;

    public bool IsSynchronized => false;

    public object SyncRoot => this;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => _step == 1 ? $"range({_start}, {Stop})" : $"range({_start}, {Stop}, {_step})";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        value = name switch
        {
            "start" => _start,
            "stop" => Stop,
            "step" => _step,
            _ => null,
        };
        return name is "start" or "stop" or "step";
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _start + (i * _step);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(object? value) => throw new TemplateRuntimeException("'range' object has no attribute 'append'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clear() => throw new TemplateRuntimeException("'range' object has no attribute 'clear'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(object? value) => IndexOf(value) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(object? value)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Py.Equals(this[i], value))
            {
                return i;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyTo(Array array, int index)
    {
        for (var i = 0; i < Count; i++)
        {
            array.SetValue(this[i], index + i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Insert(int index, object? value) => throw new TemplateRuntimeException("'range' object has no attribute 'insert'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Remove(object? value) => throw new TemplateRuntimeException("'range' object has no attribute 'remove'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RemoveAt(int index) => throw new TemplateRuntimeException("'range' object has no attribute 'pop'");
}
