using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskTriage.DependencyInjection;

namespace RiskTriage.Hosting.Tests;

/// <summary>
/// The library in a real ASP.NET Core app: Kestrel on a loopback port chosen by the system, synchronous IO
/// disallowed (Kestrel's default, set explicitly), called over HTTP. Request bodies are read with
/// <see cref="RuleSet.EvaluateAsync"/> and <see cref="RuleSet.EvaluateManyAsync(Stream, TraceDetail, CancellationToken)"/>.
/// </summary>
public sealed class KestrelTriageTests : IAsyncLifetime
{
    private const int MaxCaseLength = 2_000;

    // Small cases only, so that a case over the limit is quick to send.
    private static readonly RuleSet Probation = DefaultRuleSets.Probation(new RuleSetOptions { Limits = new RuleSetLimits { MaxCaseLength = MaxCaseLength } });

    private static readonly string[] Cases =
    [
        """{"caseId":"c1","asOfDate":"2026-06-09","gender":"Male","rsrScore":7.1,"ogrsScore":40,"rosh":"HIGH","complexityFactors":[],"sentences":[{"type":"SC","terminated":false,"requirements":[]}]}""",
        """{"caseId":"c2","asOfDate":"2026-06-09","gender":"Female","rsrScore":1.2}""",
        """{"caseId":"c3","asOfDate":"2026-06-09","gender":"Male","rsrScore":"high"}""",
        """{"caseId":"c4","asOfDate":"2026-06-09","gender":"Male","rsrScore":3.0,"rosh":"LOW","ogrsScore":12}""",
    ];

    private readonly TaskCompletionSource<(string Outcome, int Decisions)> _batchEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _fiveEvaluated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AllowSynchronousIO = false;
        });
        builder.Services.AddRiskTriage(o => o.RuleSet = Probation);
        _app = builder.Build();

        _app.MapPost("/triage", async (HttpRequest request, TriageService triage, CancellationToken aborted) =>
            Results.Text((await triage.EvaluateAsync(request.Body, cancellationToken: aborted)).ToJson(), "application/json"));

        _app.MapPost("/triage/sync", (HttpRequest request, RuleSet ruleSet) =>
        {
            try
            {
                return Results.Text(ruleSet.Evaluate(request.Body).ToJson(), "application/json");
            }
            catch (InvalidOperationException e)
            {
                return Results.Text(e.Message, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        _app.MapPost("/triage/batch", async (HttpContext context, RuleSet ruleSet) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await foreach (var decision in ruleSet.EvaluateManyAsync(context.Request.Body, cancellationToken: context.RequestAborted))
            {
                await context.Response.WriteAsync(decision.ToJson() + "\n", context.RequestAborted);
            }
        });

        // Answers only at the end, so that what stops a batch there is the batch itself, not a failed write.
        _app.MapPost("/triage/batch/count", async (HttpContext context, RuleSet ruleSet) =>
        {
            var count = 0;
            try
            {
                await foreach (var _ in ruleSet.EvaluateManyAsync(context.Request.Body, cancellationToken: context.RequestAborted))
                {
                    if (++count == 5)
                    {
                        _fiveEvaluated.TrySetResult();
                    }
                }

                _batchEnded.TrySetResult(("completed", count));
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // A client going away reaches the handler either as RequestAborted or, when Kestrel notices the cut
                // body first, as a BadHttpRequestException (unexpected end of request content): both are the client.
                var clientGone = context.RequestAborted.IsCancellationRequested || e is BadHttpRequestException;
                _batchEnded.TrySetResult((clientGone ? "stopped: client went away" : "stopped: " + e.GetType().Name, count));
            }
        });

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_case_posted_to_the_app_gets_its_decision_byte_identical_to_the_synchronous_path()
    {
        foreach (var json in Cases)
        {
            using var response = await _client.PostAsync("/triage", new StringContent(json, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Probation.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json))).ToJson(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_synchronous_Evaluate_of_a_request_body_is_refused_by_the_host_which_is_why_EvaluateAsync_exists()
    {
        using var response = await _client.PostAsync("/triage/sync", new StringContent(Cases[0], Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Synchronous operations are disallowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_sent_in_small_chunks_without_a_length_is_read_whole()
    {
        var json = Cases[0];
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(json), chunk: 17);

        using var response = await _client.PostAsync("/triage", content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(Probation.Evaluate(json).ToJson(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_case_over_the_size_limit_is_an_invalid_decision_as_on_the_synchronous_path()
    {
        var json = Cases[1][..^1] + ",\"notes\":\"" + new string('n', 50_000) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(json);

        using var response = await _client.PostAsync("/triage", new ByteArrayContent(bytes));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Probation.Evaluate(new MemoryStream(bytes)).ToJson(), body);
        Assert.Contains($"the case is more than {MaxCaseLength:N0} characters long", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_NDJSON_batch_with_a_bad_line_gives_one_error_record_in_order_and_every_other_decision()
    {
        string[] lines = [Cases[0], "{\"caseId\":\"broken\",", Cases[1], "\"not a case\"", "{\"caseId\":\"long\",\"notes\":\"" + new string('n', 3 * MaxCaseLength) + "\"}", Cases[2], Cases[3]];
        var body = string.Join("\r\n", lines) + "\r\n";

        using var response = await _client.PostAsync("/triage/batch", new ChunkedContent(Encoding.UTF8.GetBytes(body), chunk: 1_000));
        var decisions = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Probation.EvaluateMany(lines).Select(d => d.ToJson()), decisions);
        var parsed = decisions.Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(["c1", "broken", "c2", null, null, "c3", "c4"], parsed.Select(d => d.GetProperty("caseId").GetString()));
        Assert.Equal([false, true, false, true, true, true, false], parsed.Select(d => d.GetProperty("status").GetString() == "Invalid"));
    }

    [Fact]
    public async Task A_client_that_goes_away_stops_a_batch_waiting_for_its_next_case()
    {
        var line = Encoding.UTF8.GetBytes(Cases[1] + "\n");
        using var stop = new CancellationTokenSource();
        using var content = new StalledContent(line, lines: 5);

        var send = _client.PostAsync("/triage/batch/count", content, stop.Token);
        await _fiveEvaluated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_batchEnded.Task.IsCompleted, "the batch ended while the request was still open");
        await stop.CancelAsync();

        var (outcome, decisions) = await _batchEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("stopped: client went away", outcome);
        Assert.Equal(5, decisions);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    /// <summary>A body of unknown length (chunked transfer encoding), written a few bytes per write with a flush after each.</summary>
    private sealed class ChunkedContent(byte[] data, int chunk) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < data.Length; offset += chunk)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Sends a line several times, then nothing more, keeping the request open until it is cancelled.</summary>
    private sealed class StalledContent(byte[] line, int lines) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var i = 0; i < lines; i++)
            {
                await stream.WriteAsync(line, cancellationToken);
            }

            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
