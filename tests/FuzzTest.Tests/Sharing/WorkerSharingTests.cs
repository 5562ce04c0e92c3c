using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Sharing;

namespace FuzzTest.Tests.Sharing;

/// <summary>Two workers of one method through a real broker host: what one publishes the other takes, within its run budget and topic.</summary>
public class WorkerSharingTests
{
    [Fact]
    public void TheOtherWorkerOfTheSameMethod_TakesTheTestcasesAndFindings_NotItsOwn()
    {
        using var broker = LlmpBrokerHost.Start((in LlmpView m) => m.Tag != ShareTag.Stats, _ => { });
        using var a = WorkerSharing.Join(broker.Port, "Ns.Class.Method");
        using var b = WorkerSharing.Join(broker.Port, "Ns.Class.Method");

        a.PublishTestcase([1, 2, 3]);
        a.PublishFinding("System.Exception at X");
        a.PublishStats(new WorkerStats(10, 100, 1, 1, 0, 0));

        var (inputs, findings) = ReceiveAll(b, expected: 2);
        Assert.Equal([1, 2, 3], Assert.Single(inputs));
        Assert.Equal("System.Exception at X", Assert.Single(findings));
        Assert.Empty(ReceiveAll(a, expected: 0).Inputs);
    }

    [Fact]
    public void AnotherMethodsTestcases_AreIgnored()
    {
        using var broker = LlmpBrokerHost.Start((in LlmpView _) => true, _ => { });
        using var a = WorkerSharing.Join(broker.Port, "Ns.Class.Parse");
        using var b = WorkerSharing.Join(broker.Port, "Ns.Class.Format");
        using var c = WorkerSharing.Join(broker.Port, "Ns.Class.Parse");

        a.PublishTestcase([7]);

        // c receiving it proves it went through; b, on another method, must have had it too and dropped it.
        Assert.Single(ReceiveAll(c, expected: 1).Inputs);
        Assert.Empty(ReceiveAll(b, expected: 0).Inputs);
    }

    [Fact]
    public void OnceNoRunsAreLeft_TheRestStaysForTheNextCall()
    {
        using var broker = LlmpBrokerHost.Start((in LlmpView _) => true, _ => { });
        using var a = WorkerSharing.Join(broker.Port, "Ns.Class.Method");
        using var b = WorkerSharing.Join(broker.Port, "Ns.Class.Method");
        for (byte i = 0; i < 10; i++)
        {
            a.PublishTestcase([i]);
        }

        var imported = new List<byte[]>();
        var runsLeft = 3;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (imported.Count < 3 && DateTime.UtcNow < deadline)
        {
            b.Receive(input => { imported.Add(input); runsLeft--; }, _ => { }, () => runsLeft > 0);
        }

        Assert.Equal([[0], [1], [2]], imported);
        Assert.Equal(7, ReceiveAll(b, expected: 7).Inputs.Count);
    }

    private static (List<byte[]> Inputs, List<string> Findings) ReceiveAll(WorkerSharing sharing, int expected)
    {
        var inputs = new List<byte[]>();
        var findings = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(expected == 0 ? 0.5 : 30);
        while (inputs.Count + findings.Count < expected || (expected == 0 && DateTime.UtcNow < deadline))
        {
            sharing.Receive(inputs.Add, findings.Add, () => true);
            if (DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        return (inputs, findings);
    }
}
