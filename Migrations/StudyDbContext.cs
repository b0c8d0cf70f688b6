using System.Text.Json;
using ExpO.Shared.Study;
using ExpO.StudyData.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExpO.StudyData;

/// <summary>The study database. Provider-neutral: the provider is chosen where the context is registered.</summary>
public sealed class StudyDbContext(DbContextOptions<StudyDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>EF's name of the PostgreSQL provider (Migrations/PostgreSQL).</summary>
    public const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<ConditionState> Conditions => Set<ConditionState>();
    public DbSet<StepLog> Steps => Set<StepLog>();
    public DbSet<FinalAnswers> FinalAnswers => Set<FinalAnswers>();
    public DbSet<StudySecret> Secrets => Set<StudySecret>();
    public DbSet<Researcher> Researchers => Set<Researcher>();
    public DbSet<SettingsVersion> SettingsVersions => Set<SettingsVersion>();
    public DbSet<ImportedDataset> Datasets => Set<ImportedDataset>();
    public DbSet<Exclusion> Exclusions => Set<Exclusion>();
    public DbSet<RepeatRefusal> RepeatRefusals => Set<RepeatRefusal>();
    public DbSet<DataExport> DataExports => Set<DataExport>();
    public DbSet<StudyDefinition> Studies => Set<StudyDefinition>();
    /// <summary>ASP.NET's data-protection keys (sign-in cookies), shared by every server instance on one database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time here is UTC. SQLite reads them back without a kind, and PostgreSQL's timestamptz refuses a time
        // without one, so on PostgreSQL each is marked UTC both ways (rows copied from SQLite included).
        if (Database.ProviderName == PostgreSqlProvider)
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTime>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTime>();
        }
    }

    sealed class UtcDateTime() : ValueConverter<DateTime, DateTime>(v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var b = modelBuilder;
        b.Entity<Participant>(e =>
        {
            e.HasIndex(p => p.TokenHash).IsUnique();
            e.HasIndex(p => p.Pseudonym).IsUnique();
            e.HasIndex(p => p.ExternalIdHash);
            e.HasIndex(p => p.ClientEntryId).IsUnique();
            e.Property(p => p.Version).IsConcurrencyToken();
            e.Property(p => p.Stage).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Source).HasConversion(SourceNames).HasMaxLength(20);
            e.Property(p => p.Device).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Input).HasConversion<string>().HasMaxLength(20);
            e.HasMany(p => p.Rounds).WithOne(r => r.Participant).HasForeignKey(r => r.ParticipantId);
            e.HasOne(p => p.FinalAnswers).WithOne(f => f.Participant).HasForeignKey<FinalAnswers>(f => f.ParticipantId);
            // No foreign key: adding one to an existing SQLite table rebuilds it outside a transaction; versions are never deleted.
            e.HasIndex(p => p.SettingsVersionId);
            // Rows from before studies existed belong to the default study; the index serves each study's balance count.
            e.Property(p => p.StudyDefinitionId).HasDefaultValue(StudyDefinition.DefaultId);
            e.HasIndex(p => new { p.StudyDefinitionId, p.Source, p.ExpoFirst });
            // Rows from before per-participant settings played the protocol's defaults (docs/study-protocol.md).
            e.ComplexProperty(p => p.Settings, Protocol);
            e.Property(p => p.ProlificCompletionCode).HasMaxLength(100).HasDefaultValue("");
        });
        b.Entity<ImportedDataset>(e =>
        {
            e.HasIndex(d => d.Name).IsUnique();
            e.Property(d => d.Name).HasMaxLength(ImportedDatasetLimits.NameMaxLength);
            e.Property(d => d.Format).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.ImportedBy).HasMaxLength(256);
        });
        b.Entity<SettingsVersion>(e =>
        {
            e.ComplexProperty(v => v.Protocol, Protocol);
            e.Property(v => v.Origin).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.ProlificCompletionCode).HasMaxLength(100);
            e.Property(v => v.SavedBy).HasMaxLength(256);
            e.Property(v => v.StudyDefinitionId).HasDefaultValue(StudyDefinition.DefaultId);
            e.HasIndex(v => v.StudyDefinitionId);
        });
        b.Entity<StudyDefinition>(e =>
        {
            e.ToTable("Studies");
            e.HasIndex(d => d.Name).IsUnique();
            e.Property(d => d.Name).HasMaxLength(StudyDefinitionLimits.NameMaxLength);
            e.Property(d => d.Title).HasMaxLength(StudyDefinitionLimits.TitleMaxLength);
            e.Property(d => d.ControlBundle).HasMaxLength(100);
            e.Property(d => d.TreatmentBundle).HasMaxLength(100);
            e.Property(d => d.Explainer).HasConversion(ExplainerNames).HasMaxLength(10);
            e.Property(d => d.Quantity).HasConversion(Json<StudyQuantity>());
            e.Property(d => d.ExcludedStudies).HasConversion(Json<List<string>>(), ListComparer);
            // The paper's study, which every earlier participant took; the server sets its bundles and title from the
            // configuration at start (Study:NoneModel, Study:ExpoModel, Study:Title).
            e.HasData(new StudyDefinition
            {
                Id = StudyDefinition.DefaultId,
                Name = StudyDefinition.DefaultName,
                Title = "Help a computer model price a house",
                ControlBundle = "none",
                TreatmentBundle = "expo",
                Explainer = StudyExplainer.Lime,
                Quantity = StudyQuantity.HousePrice,
                CreatedUtc = new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc),
            });
        });
        b.Entity<Round>(e =>
        {
            e.HasIndex(r => new { r.ParticipantId, r.Number }).IsUnique();
            e.Property(r => r.StartPoint).HasConversion(Json<double[]>(), ArrayComparer);
            e.HasMany(r => r.Conditions).WithOne(c => c.Round).HasForeignKey(c => c.RoundId);
        });
        b.Entity<ConditionState>(e =>
        {
            e.HasIndex(c => new { c.RoundId, c.Slot }).IsUnique();
            e.Property(c => c.Slot).HasConversion(ConditionNames).HasMaxLength(1);
            e.Property(c => c.Point).HasConversion(Json<double[]>(), ArrayComparer);
            e.Property(c => c.Explanation).HasConversion(Json<StoredExplanation>());
        });
        b.Entity<StepLog>(e =>
        {
            // Idempotency lives in the database: a retried click cannot be written twice, by any instance.
            e.HasIndex(s => new { s.ParticipantId, s.ClientStepId }).IsUnique();
            e.HasIndex(s => new { s.ParticipantId, s.Round, s.Condition, s.StepNumber }).IsUnique();
            e.Property(s => s.Condition).HasConversion(ConditionNames).HasMaxLength(1);
            e.Property(s => s.PointBefore).HasConversion(Json<double[]>(), ArrayComparer);
            e.Property(s => s.PointAfter).HasConversion(Json<double[]>(), ArrayComparer);
            e.Property(s => s.ExplanationShown).HasConversion(Json<StoredExplanation>());
            e.Property(s => s.ExplanationAfter).HasConversion(Json<StoredExplanation>());
        });
        b.Entity<Exclusion>(e =>
        {
            e.HasIndex(x => new { x.ParticipantId, x.Id });
            e.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId);
            e.Property(x => x.Reason).HasMaxLength(ExclusionLimits.ReasonMaxLength);
            e.Property(x => x.Researcher).HasMaxLength(256);
        });
        b.Entity<RepeatRefusal>(e =>
        {
            e.Property(x => x.Source).HasConversion(SourceNames).HasMaxLength(20);
            e.Property(x => x.ExternalIdHash).HasMaxLength(128);
            e.Property(x => x.StudyDefinitionId).HasDefaultValue(StudyDefinition.DefaultId);
        });
        b.Entity<DataExport>(e =>
        {
            e.Property(x => x.File).HasMaxLength(64);
            e.Property(x => x.StudyDefinitionId).HasDefaultValue(StudyDefinition.DefaultId);
            e.Property(x => x.Researcher).HasMaxLength(256);
        });
        b.Entity<FinalAnswers>().HasKey(f => f.ParticipantId);
        b.Entity<StudySecret>().HasKey(s => s.Name);
        b.Entity<Researcher>(e =>
        {
            e.HasIndex(r => r.Email).IsUnique();
            e.Property(r => r.Email).HasMaxLength(256);
        });
    }

    static readonly StudySettings Defaults = new();

    static void Protocol(ComplexPropertyBuilder<StudySettings> s)
    {
        s.Property(x => x.Rounds).HasDefaultValue(Defaults.Rounds);
        s.Property(x => x.TargetOffset).HasDefaultValue(Defaults.TargetOffset);
        s.Property(x => x.Tolerance).HasDefaultValue(Defaults.Tolerance);
        s.Property(x => x.StepSize).HasDefaultValue(Defaults.StepSize);
        s.Property(x => x.LimeSamples).HasDefaultValue(Defaults.LimeSamples);
    }

    // Codes are stored as they always were (strings "mturk", "A"; numbers +1/-1 and 1/0/-1 by the enums' own
    // values), so the schema and existing rows stay as they are and SQL reads them plainly.
    static readonly ValueConverter<RecruitmentSource, string> SourceNames = new(
        v => v.ToString().ToLowerInvariant(),
        v => Enum.Parse<RecruitmentSource>(v, ignoreCase: true));

    static readonly ValueConverter<StudyExplainer, string> ExplainerNames = new(
        v => v.ToString().ToLowerInvariant(),
        v => Enum.Parse<StudyExplainer>(v, ignoreCase: true));

    static readonly ValueConverter<Condition, string> ConditionNames = new(v => v.ToString(), v => Enum.Parse<Condition>(v));

    static ValueConverter<T, string> Json<T>() => new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<T>(v, (JsonSerializerOptions?)null)!);

    static readonly ValueComparer<double[]> ArrayComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        a => a.Aggregate(0, (h, v) => HashCode.Combine(h, v.GetHashCode())),
        a => a.ToArray());

    static readonly ValueComparer<List<string>> ListComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        a => a.Aggregate(0, (h, v) => HashCode.Combine(h, v.GetHashCode(StringComparison.Ordinal))),
        a => a.ToList());
}

/// <summary>Lets `dotnet ef migrations add` build the context without starting the server.</summary>
public sealed class StudyDbContextFactory : IDesignTimeDbContextFactory<StudyDbContext>
{
    public StudyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StudyDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
