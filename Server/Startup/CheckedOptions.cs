using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Startup;

/// <summary>
/// The one way the server reads its configuration: a section bound to an options type, checked by that type's
/// validator at start (<c>ValidateOnStart</c>) and consumed as <c>IOptions&lt;T&gt;</c>. What must be decided before the
/// host is built (the database, the logs, the models' folder) is read here through the same type and validator, so
/// a wrong value fails the same way, with the setting's name, wherever it is read first.
/// </summary>
public static class CheckedOptions
{
    /// <summary>Registers the section's options with their validator, and returns them checked for use right away.</summary>
    /// <param name="bindingHelp">Added to a value the binder cannot read (e.g. the names an enum takes).</param>
    public static T AddCheckedOptions<T, TValidator>(this WebApplicationBuilder builder, string section, string? bindingHelp = null)
        where T : class, new() where TValidator : class, IValidateOptions<T>, new()
    {
        builder.Services.AddCheckedOptions<T, TValidator>(section);
        return Read<T, TValidator>(builder.Configuration, section, bindingHelp);
    }

    /// <summary>Registers the section's options with their validator (which may take services), checked at start.</summary>
    public static void AddCheckedOptions<T, TValidator>(this IServiceCollection services, string section)
        where T : class where TValidator : class, IValidateOptions<T>
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
    }

    /// <summary>The section bound and checked, without a host (the command-line verbs read the database's this way).</summary>
    public static T Read<T, TValidator>(IConfiguration configuration, string section, string? bindingHelp = null)
        where T : class, new() where TValidator : class, IValidateOptions<T>, new()
    {
        T value;
        try { value = configuration.GetSection(section).Get<T>() ?? new T(); }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(section, typeof(T), [bindingHelp is null ? e.Message : $"{e.Message} {bindingHelp}"]);
        }
        var result = new TValidator().Validate(Options.DefaultName, value);
        return result.Failed ? throw new OptionsValidationException(section, typeof(T), result.Failures) : value;
    }
}
