using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace ExpO.Server.Study.Keys;

/// <summary>
/// The participant key's file: 32 random bytes as base64 text, read at start and created on first start with
/// owner-only permissions (0600, its folder 0700). A database from before the key file kept the key in its Secrets
/// table; that key is moved into the file, so the worker ids hashed with it still match.
/// </summary>
public static class ParticipantKeyFile
{
    public const int KeyBytes = 32;
    /// <summary>Where versions before the key file kept the key (the Secrets table's row).</summary>
    public const string LegacySecretName = "participant-key";

    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] LoadOrCreate(string path, string? databasePath, ILogger log)
    {
        var legacy = LegacyKey(databasePath);
        if (File.Exists(path))
        {
            var key = Read(path);
            if (legacy is not null && !legacy.AsSpan().SequenceEqual(key))
                throw new Startup.StartupProblemException($"The database {databasePath} holds the participant key of an older version and the key file {path} " +
                    "holds a different one. Start with the key file that belongs to this database (or remove the file to move the database's key into it).");
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
                log.LogWarning("The participant key file {Path} can be read by other users: chmod 600 it", path);
            return key;
        }
        var created = legacy ?? RandomNumberGenerator.GetBytes(KeyBytes);
        Write(path, created);
        if (legacy is null)
            log.LogWarning("Created the participant key file {Path}. Keep it (and a backup of it) apart from the database's backups: without it no one can resume by their platform link", path);
        else
            log.LogWarning("Moved the participant key out of the database into {Path}. Keep it (and a backup of it) apart from the database's backups", path);
        return Read(path); // another instance may have created it first: theirs wins
    }

    static byte[] Read(string path)
    {
        byte[] key;
        try { key = Convert.FromBase64String(File.ReadAllText(path).Trim()); }
        catch (FormatException) { throw new Startup.StartupProblemException($"The participant key file {path} is not base64 text."); }
        return key.Length == KeyBytes ? key
            : throw new Startup.StartupProblemException($"The participant key file {path} holds {key.Length} bytes, not {KeyBytes}.");
    }

    static void Write(string path, byte[] key)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else Directory.CreateDirectory(dir, OwnerOnly | UnixFileMode.UserExecute);
        // Written whole under a temporary name, then moved into place without overwriting: a reader never sees half a key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var file = new FileStream(temp, options))
        using (var text = new StreamWriter(file))
        {
            text.WriteLine(Convert.ToBase64String(key));
            text.Flush();
            file.Flush(flushToDisk: true);
        }
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
    }

    /// <summary>The key an older version kept in the database, or null (no database yet, or already moved out).</summary>
    static byte[]? LegacyKey(string? databasePath)
    {
        if (databasePath is null || !File.Exists(databasePath)) return null;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Value FROM Secrets WHERE Name = $name";
        command.Parameters.AddWithValue("$name", LegacySecretName);
        try { return command.ExecuteScalar() is string value ? Convert.FromBase64String(value) : null; }
        catch (SqliteException e) when (e.SqliteErrorCode == 1) { return null; } // no Secrets table: an empty file, or a version without it
    }
}
