using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.UnitTests.Core.Progress;

/// <summary>
/// ProgressWrite.lua names its KEYS and ARGV in <c>local name = KEYS[n]</c> lines at its top; the API passes them
/// through <see cref="ProgressWriteCall"/>, whose members bear the same names. A member moved on one side only would
/// hand the script a position as a rate limit, or a session key as the hot copy, so each position is compared here.
/// </summary>
public sealed partial class ProgressWriteCallTests
{
    private static readonly List<Declaration> Declarations =
        [.. Declared().Matches(ProgressScripts.Write).Select(match => new Declaration(match.Groups["name"].Value, match.Groups["table"].Value, int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture)))];

    [Fact]
    public void The_script_reads_its_keys_and_arguments_only_through_its_declarations_numbered_in_order()
    {
        foreach (var table in new[] { "KEYS", "ARGV" })
        {
            var indexes = Declarations.Where(declaration => declaration.Table == table).Select(declaration => declaration.Index).ToList();
            Assert.NotEmpty(indexes);
            Assert.Equal(Enumerable.Range(1, indexes.Count), indexes);
            Assert.Equal(indexes.Count, Regex.Count(ProgressScripts.Write, Regex.Escape(table + "[")));
        }
    }

    [Fact]
    public void Each_key_of_the_call_is_at_the_position_the_script_declares_for_its_name()
    {
        var (call, values) = CallWithDistinctValues();
        var keys = call.Keys();
        var declared = Declarations.Where(declaration => declaration.Table == "KEYS").ToList();

        Assert.Equal(declared.Count, keys.Length);
        Assert.Equal(values.Count(value => value.Value is RedisKey), keys.Length);
        Assert.All(declared, declaration => Assert.Equal((RedisKey)values[Member(declaration.Name)]!, keys[declaration.Index - 1]));
    }

    [Fact]
    public void Each_argument_of_the_call_is_at_the_position_the_script_declares_for_its_name()
    {
        var (call, values) = CallWithDistinctValues();
        var arguments = call.Arguments();
        var declared = Declarations.Where(declaration => declaration.Table == "ARGV").ToList();

        Assert.Equal(declared.Count, arguments.Length);
        Assert.Equal(values.Count(value => value.Value is not RedisKey), arguments.Length);
        Assert.All(declared, declaration => Assert.Equal(AsSent(values[Member(declaration.Name)]), arguments[declaration.Index - 1].ToString()));
    }

    [Fact]
    public void Only_the_fixed_window_counter_counts_a_limit()
    {
        var scripts = typeof(ProgressScripts).Assembly.GetManifestResourceNames().Where(name => name.EndsWith(".lua", StringComparison.Ordinal)).ToList();
        Assert.Contains("FixedWindowCounter.lua", scripts);
        foreach (var script in scripts.Where(name => name != "FixedWindowCounter.lua"))
        {
            var text = new StreamReader(typeof(ProgressScripts).Assembly.GetManifestResourceStream(script)!).ReadToEnd();
            Assert.DoesNotContain("'INCR'", text);
            Assert.DoesNotContain("'PEXPIRE'", text);
        }
        Assert.StartsWith(FixedWindowCounter.Functions, ProgressScripts.Write);
        Assert.StartsWith(FixedWindowCounter.Functions, FixedWindowCounter.Acquire);
        Assert.StartsWith(FixedWindowCounter.Functions, FixedWindowCounter.Refund);
    }

    /// <summary>A call whose every member holds a value no other member holds, and those values by member name.</summary>
    private static (ProgressWriteCall Call, Dictionary<string, object?> Values) CallWithDistinctValues()
    {
        object call = default(ProgressWriteCall);
        var values = new Dictionary<string, object?>();
        var number = 1000;
        foreach (var property in typeof(ProgressWriteCall).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
        {
            object value = property.PropertyType switch
            {
                var type when type == typeof(RedisKey) => (RedisKey)("key:" + property.Name),
                var type when type == typeof(string) => "argument:" + property.Name,
                var type when type == typeof(int) => number++,
                var type when type == typeof(long) => (long)number++,
                var type when type == typeof(bool) => true,
                var type => throw new InvalidOperationException($"{property.Name}: no distinct value for {type}."),
            };
            property.SetValue(call, value);
            values[property.Name] = value;
        }
        Assert.Single(values.Values, value => value is bool);
        return ((ProgressWriteCall)call, values);
    }

    /// <summary>The C# member of a Lua name: <c>hotCopy</c> is <c>HotCopy</c>.</summary>
    private static string Member(string luaName) => char.ToUpperInvariant(luaName[0]) + luaName[1..];

    /// <summary>How the script receives a value: a flag as '1' (the script compares with '1').</summary>
    private static string? AsSent(object? value) => value switch
    {
        bool flag => flag ? "1" : "0",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };

    private sealed record Declaration(string Name, string Table, int Index);

    [GeneratedRegex(@"^local (?<name>\w+) = (?<table>KEYS|ARGV)\[(?<index>\d+)\]", RegexOptions.Multiline)]
    private static partial Regex Declared();
}
