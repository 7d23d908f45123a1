using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Prompting;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class ChatHoleFillingTests
{
    private static readonly CodeContext Context = new CompletionEngine().BuildContext(new CompletionRequest("a.py", "def area(r):\n    return 3.14", 1, 15));

    [Fact]
    public void The_code_between_the_tags_is_taken() =>
        Assert.Equal(" * r * r", ChatHoleFilling.Extract("Sure!\n<COMPLETION> * r * r</COMPLETION>\nHope it helps", Context));

    [Theory]
    [InlineData("the answer is r * r")]
    [InlineData("<COMPLETION> * r * r")]
    [InlineData("<COMPLETION>{{FILL_HERE}}</COMPLETION>")]
    public void Answers_not_in_the_asked_form_give_nothing(string answer) => Assert.Null(ChatHoleFilling.Extract(answer, Context));

    [Fact]
    public void A_fence_inside_the_tags_is_removed() =>
        Assert.Equal(" * r ** 2", ChatHoleFilling.Extract("<COMPLETION>```python\n * r ** 2\n```</COMPLETION>", Context));

    [Fact]
    public void An_echo_of_the_current_line_is_not_inserted_again() =>
        Assert.Equal(" * r * r", ChatHoleFilling.Extract("<COMPLETION>return 3.14 * r * r</COMPLETION>", Context));

    [Fact]
    public void The_query_marks_the_hole_between_prefix_and_suffix()
    {
        var (messages, instructions) = ChatHoleFilling.Build(Context, "# Path: a.py\n");
        var text = Assert.Single(messages).Text;
        Assert.Contains("<QUERY>\ndef area(r):\n    return 3.14{{FILL_HERE}}\n</QUERY>", text);
        Assert.Contains("<CONTEXT>\n# Path: a.py\n</CONTEXT>", text);
        Assert.Contains("<COMPLETION>", instructions);
    }
}
