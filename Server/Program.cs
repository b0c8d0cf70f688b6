using ExpO.Server.Models;

var builder = WebApplication.CreateBuilder(args);
builder.AddStudyModels();

var app = builder.Build();
app.MapModelInfo();
app.MapGet("/", () => Results.Text("ExpO Study server is running. The participant study arrives with its issue; see /api/v1/health."));
app.Run();
