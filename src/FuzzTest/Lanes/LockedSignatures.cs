using System.Collections;

namespace FuzzTest.Lanes;

/// <summary>
/// The session's set of known bug signatures, read by several lanes' threads while the session
/// adds to it under <paramref name="gate"/>: every read takes the same lock.
/// </summary>
internal sealed class LockedSignatures(IReadOnlyCollection<string> signatures, object gate) : IReadOnlyCollection<string>
{
    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (gate)
            {
                return signatures.Count;
            }
        }
    }

    /// <summary>True when <paramref name="signature"/> is known.</summary>
    public bool Contains(string signature)
    {
        lock (gate)
        {
            return signatures.Contains(signature);
        }
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        // A snapshot: the session may add while the caller enumerates.
        lock (gate)
        {
            return signatures.ToList().GetEnumerator();
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
