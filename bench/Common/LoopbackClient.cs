using System.Net;
using System.Net.Sockets;

namespace ExpO.Bench;

/// <summary>
/// HTTP clients whose connections come from a chosen loopback address (any 127.x.y.z reaches a server on 127.0.0.1 on
/// Linux), so the abuse limits see each simulated client as its own address, as they would see people.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(string local, Uri server, TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = server, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
}
