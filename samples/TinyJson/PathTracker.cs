namespace TinyJson;

/// <summary>
/// Tracks where the parser is in the document, such as <c>$[2].name</c>, so that error messages
/// can say where the problem is.
/// </summary>
internal sealed class PathTracker
{
    private readonly Stack<PathSegment> _segments = new();

    public PathTracker() => _segments.Push(PathSegment.Root);

    /// <summary>Enters the value of the object member <paramref name="key"/>.</summary>
    public void EnterMember(string key) => _segments.Push(PathSegment.Member(key));

    /// <summary>Leaves the value of the current object member.</summary>
    public void LeaveMember()
    {
        if (TryPop(out var segment) && !segment.IsMember)
        {
            throw new InvalidOperationException($"Path tracker out of sync: expected a member, found '{segment}'.");
        }
    }

    /// <summary>Moves to array element <paramref name="index"/>, replacing the previous element's segment.</summary>
    public void MoveToElement(int index)
    {
        if (index > 0)
        {
            LeaveElement();
        }

        _segments.Push(PathSegment.Element(index));
    }

    /// <summary>Leaves the last element of the current array, once the array is closed.</summary>
    public void LeaveElement() => TryPop(out _);

    /// <summary>The path, such as <c>$[2].name</c>.</summary>
    public override string ToString() => string.Concat(_segments.Reverse());

    private bool TryPop(out PathSegment segment)
    {
        // The root segment stays for the whole parse.
        if (_segments.Count > 1)
        {
            segment = _segments.Pop();
            return true;
        }

        segment = default;
        return false;
    }
}
