using System.Net;
using ExpO.Server.Admin;
using ExpO.Server.Data;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>Two server instances on one PostgreSQL database: what one does, the other sees at once.</summary>
public sealed partial class AdminTests
{
    /// <summary>Two instances of the server on one new PostgreSQL database, with the same researcher account settings.</summary>
    static (StudyServerFactory One, StudyServerFactory Two) TwoInstances()
    {
        var one = new StudyServerFactory(new() { ["Admin:Email"] = Email, ["Admin:Password"] = Password }, DatabaseProvider.PostgreSQL);
        var settings = one.SameDatabase();
        settings["Admin:Email"] = Email;
        settings["Admin:Password"] = Password;
        return (one, new StudyServerFactory(settings, DatabaseProvider.PostgreSQL));
    }

    [Fact]
    public async Task Entries_spread_over_two_instances_at_once_keep_the_order_exactly_balanced()
    {
        var (one, two) = TwoInstances();
        using var _ = one;
        using var __ = two;
        // 40 people at once, every other one through the other instance: each entry counts who went first and adds one,
        // so two counting at the same moment on two instances would both pick the same order without the study's lock.
        var apis = new[] { new StudyApiClient(one.CreateClient(), 1), new StudyApiClient(two.CreateClient(), 1) };
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => apis[i % 2].EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct }))));

        await using var db = one.Db();
        Assert.Equal(40, await db.Participants.CountAsync());
        Assert.Equal(20, await db.Participants.CountAsync(p => p.ExpoFirst));
    }

    [Fact]
    public async Task A_researcher_signed_in_on_one_instance_is_signed_in_on_the_other_and_a_closed_study_is_closed_on_both()
    {
        var (one, two) = TwoInstances();
        using var _ = one;
        using var __ = two;
        // One browser whose requests the proxy sends to either instance: one cookie jar for both.
        var cookies = new CookieContainer();
        var viaOne = one.CreateDefaultClient(new CookieContainerHandler(cookies));
        var viaTwo = two.CreateDefaultClient(new CookieContainerHandler(cookies));
        Assert.Equal(HttpStatusCode.Redirect, (await viaTwo.GetAsync(AdminRoutes.Dashboard)).StatusCode); // not signed in yet

        await SignInAsync(viaOne);
        // The sign-in cookie was protected with keys one made; two reads them from the database.
        Assert.Equal(HttpStatusCode.OK, (await viaTwo.GetAsync(AdminRoutes.Dashboard)).StatusCode);

        // Closed through two's settings form (its antiforgery token from one's keys too), refused by one at once.
        await SubmitAsync(viaTwo, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(open: false));
        var refused = await Assert.ThrowsAsync<StudyApiException>(() => new StudyApiClient(one.CreateClient(), 1).EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct }));
        Assert.Equal((409, StudyProblemTypes.Closed), (refused.Status, refused.ProblemType));
    }
}
