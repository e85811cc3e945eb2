namespace Torghut.Plugins.Testing;

/// <summary>Accumulates findings; a check reports and carries on so one run lists every broken promise.</summary>
internal sealed class Findings
{
    private readonly List<ConformanceFinding> _list = [];

    public IReadOnlyList<ConformanceFinding> All => _list;

    public void Add(string check, string detail) => _list.Add(new ConformanceFinding(check, detail));

    /// <summary>Runs <paramref name="action"/>; an exception escaping it is a finding of <paramref name="check"/>.</summary>
    public T? Guard<T>(string check, string what, Func<T> action)
    {
        try { return action(); }
        catch (Exception e)
        {
            Add(check, $"{what} threw {e.GetType().Name}: {e.Message}");
            return default;
        }
    }
}
