using ExpO.Server.Data;

namespace ExpO.Server.Tests;

// The participant API's suites again, each test on a new database of the tests' PostgreSQL server
// (tests/Common's PostgresServer: a throwaway cluster on a loopback port; no server, and these fail with the reason).

/// <summary>The whole study flow on PostgreSQL.</summary>
public sealed class StudyFlowOnPostgreSqlTests : StudyFlowTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}

/// <summary>Retried and raced steps on PostgreSQL.</summary>
public sealed class StepIdempotencyOnPostgreSqlTests : StepIdempotencyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}

/// <summary>The group-committed write path on PostgreSQL.</summary>
public sealed class WritePathOnPostgreSqlTests : WritePathTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}

/// <summary>Platform links, repeats and balance on PostgreSQL.</summary>
public sealed class RecruitmentOnPostgreSqlTests : RecruitmentTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
