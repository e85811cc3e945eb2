namespace Torghut.Host.Composition;

/// <summary>
/// Marks a host class for registration by convention (Scrutor scan): as itself and every interface it implements,
/// singleton. Modules depend on each other's interfaces, never on these classes.
/// </summary>
public interface IHostComponent;
