namespace FuzzTest.TestTargets;

/// <summary>A method whose inputs take visibly different paths: if/else, switch, loop, try/catch.</summary>
public static class PathClassifier
{
    /// <summary>Scores <paramref name="x"/> through several branches; 7 divides by zero and is caught.</summary>
    /// <param name="x">Any integer.</param>
    /// <returns>A score that depends on the path taken.</returns>
    public static int Classify(int x)
    {
        int score;
        if (x < 0)
        {
            score = -1;
        }
        else
        {
            score = 1;
        }

        switch (x % 4)
        {
            case 0:
                score += 10;
                break;
            case 1:
                score += 20;
                break;
            case 2:
                score += 30;
                break;
            default:
                score += 40;
                break;
        }

        for (var i = 0; i < x && i < 8; i++)
        {
            score += i;
        }

        try
        {
            score += 100 / (x - 7);
        }
        catch (DivideByZeroException)
        {
            score = -100;
        }

        return score;
    }
}
