using System.Reflection;
using System.Text.RegularExpressions;
using Streaming.Core.Progress;

namespace Streaming.UnitTests.Core.Progress;

/// <summary>
/// The Lua scripts write buffer entries and hot copies with literal field names; the worker and the API read them by
/// the constants of <see cref="ProgressBuffer"/>. A field renamed on one side only would be read as missing (every
/// update dropped as malformed), so the names are compared here, read from the scripts as Redis runs them.
/// </summary>
public sealed partial class ProgressScriptFieldTests
{
    private static readonly string[] Scripts = ["ProgressWrite.lua", "ProgressFlush.lua", "StaleHotCopyRepair.lua"];

    [Fact]
    public void Every_buffer_entry_a_script_appends_uses_the_field_names_the_worker_reads()
    {
        var entries = Scripts.SelectMany(script => Calls(script, "XADD")).ToList();
        Assert.NotEmpty(entries);
        var known = Constants(typeof(ProgressBuffer.Fields));
        foreach (var fields in entries)
        {
            // XADD key id field value field value ...: the names are every other argument after the id.
            var names = fields.Skip(2).Where((_, index) => index % 2 == 0).ToList();
            Assert.All(names, name => Assert.Contains(name, known));
        }
        // The full update (not a flush) carries every field the worker knows.
        Assert.Contains(entries, fields => known.SetEquals(fields.Skip(2).Where((_, index) => index % 2 == 0)));
    }

    [Fact]
    public void Every_hot_copy_field_a_script_reads_or_writes_is_one_the_api_reads()
    {
        var known = Constants(typeof(ProgressBuffer.HotFields));
        var written = Scripts.SelectMany(script => Calls(script, "HSET")).SelectMany(fields => fields.Skip(1).Where((_, index) => index % 2 == 0));
        var read = Scripts.SelectMany(script => Calls(script, "HMGET").Concat(Calls(script, "HGET"))).SelectMany(fields => fields.Skip(1));
        var used = written.Concat(read).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Subset(known, used);
        Assert.Superset(known, new HashSet<string>(written));
    }

    /// <summary>The quoted arguments (and placeholders for the others) of each redis.call of a command in a script.</summary>
    private static IEnumerable<List<string>> Calls(string script, string command)
    {
        using var stream = typeof(ProgressScripts).Assembly.GetManifestResourceStream(script)
                           ?? throw new InvalidOperationException($"No embedded script {script}.");
        var text = new StreamReader(stream).ReadToEnd();
        foreach (Match call in RedisCall().Matches(text))
        {
            if (call.Groups["command"].Value != command)
            {
                continue;
            }
            yield return call.Groups["args"].Value.Split(',').Skip(1)
                .Select(argument => argument.Trim())
                .Select(argument => argument.StartsWith('\'') ? argument.Trim('\'') : "<" + argument + ">")
                .ToList();
        }
    }

    private static HashSet<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!).ToHashSet();

    [GeneratedRegex(@"redis\.call\('(?<command>[A-Z]+)'(?<args>(?:,[^()]*?)*)\)")]
    private static partial Regex RedisCall();
}
