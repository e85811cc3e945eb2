using System.Reflection;
using System.Reflection.Emit;

namespace Torghut.Tests.Architecture;

/// <summary>
/// Which host module uses which, read from the compiled assembly rather than from source text: signatures, fields,
/// locals, and every type or member a method body names (its IL tokens), including lambdas and async state machines.
/// A module is the first namespace segment under <c>Torghut.Host</c> (its folder).
/// </summary>
public static class ModuleGraph
{
    private const string Root = "Torghut.Host";
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static |
                                     BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Module name of a type, or null for types outside the host (BCL, libraries, Abstractions).</summary>
    public static string? ModuleOf(Type? type)
    {
        var ns = type?.Namespace;
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Every (from, to) module edge with one example of the use that makes it.</summary>
    public static Dictionary<(string From, string To), string> Edges(Assembly assembly)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in assembly.GetTypes())
        {
            var from = ModuleOf(type);
            if (from is null) continue;
            foreach (var (used, where) in Uses(type))
                foreach (var t in Expand(used))
                    if (ModuleOf(t) is { } to && to != from) { var k = (from, to); var v = $"{type.FullName} {where} {t.FullName}"; edges[k] = edges.TryGetValue(k, out var old) ? old + " | " + v : v; }
        }
        return edges;
    }

    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null) yield break;
        if (type.HasElementType) { foreach (var t in Expand(type.GetElementType())) yield return t; yield break; }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            foreach (var arg in type.GetGenericArguments())
                foreach (var t in Expand(arg)) yield return t;
    }

    private static IEnumerable<(Type, string)> Uses(Type type)
    {
        if (type.BaseType is { } b) yield return (b, "derives from");
        foreach (var i in type.GetInterfaces()) yield return (i, "implements");
        foreach (var f in type.GetFields(All)) yield return (f.FieldType, $"field {f.Name}:");
        foreach (var p in type.GetProperties(All)) yield return (p.PropertyType, $"property {p.Name}:");
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) yield return (mi.ReturnType, $"{m.Name} returns");
            foreach (var p in m.GetParameters()) yield return (p.ParameterType, $"{m.Name} takes");
            foreach (var used in BodyUses(m)) yield return (used, $"{m.Name} uses");
        }
    }

    private static IEnumerable<Type> BodyUses(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        foreach (var member in MembersNamed(method))
            foreach (var t in TypesOf(member)) yield return t;
    }

    /// <summary>Every type, field and method a method body names in its IL (calls, loads, stores, casts).</summary>
    public static IEnumerable<MemberInfo> MembersNamed(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception) { yield break; }
        if (body is null) yield break;
        var il = body.GetILAsByteArray() ?? [];
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    if (Resolve(method, token) is { } member) yield return member;
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(MethodBase method, int token)
    {
        try
        {
            return method.Module.ResolveMember(token,
                method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null,
                method.IsGenericMethod ? method.GetGenericArguments() : null);
        }
        catch (Exception) { return null; }
    }

    private static IEnumerable<Type> TypesOf(MemberInfo member)
    {
        switch (member)
        {
            case Type t: yield return t; break;
            case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
            case MethodBase m:
                if (m.DeclaringType is { } owner) yield return owner;
                if (m is MethodInfo { IsGenericMethod: true } g)
                    foreach (var a in g.GetGenericArguments()) yield return a;
                break;
        }
    }

    /// <summary>Cycles in the graph, each as a path of modules that returns to its start.</summary>
    public static List<string> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order().ToList());
        var cycles = new HashSet<string>();
        foreach (var start in next.Keys.Order())
        {
            var stack = new List<string> { start };
            Walk(start);
            void Walk(string node)
            {
                foreach (var to in next.GetValueOrDefault(node) ?? [])
                {
                    if (to == start) cycles.Add(Canonical([.. stack]));
                    else if (!stack.Contains(to) && string.CompareOrdinal(to, start) > 0)
                    {
                        stack.Add(to);
                        Walk(to);
                        stack.RemoveAt(stack.Count - 1);
                    }
                }
            }
        }
        return cycles.Order().ToList();
    }

    private static string Canonical(List<string> cycle) => string.Join(" → ", cycle.Append(cycle[0]));
}
