"""The GraphQL documents the feedback API tests send."""

SUBMIT = """
mutation Submit($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) {
    feedback {
      id reference category categoryLabel title description employerName status statusLabel
      organisation { code name } dueAt unreadReplies canWithdraw canRate canAddMessage
      attachments { displayName contentType size url }
      messages { kind body }
    }
    errors { field code message }
  }
}
"""

ADD_MESSAGE = """
mutation Add($input: AddFeedbackMessageInput!) {
  addFeedbackMessage(input: $input) {
    message { id kind kindLabel body authorRole attachments { displayName contentType } }
    feedback { id status }
    errors { field code message }
  }
}
"""

WITHDRAW = """
mutation Withdraw($input: WithdrawFeedbackInput!) {
  withdrawFeedback(input: $input) { feedback { id status } errors { field code message } }
}
"""

RATE = """
mutation Rate($input: RateFeedbackAnswerInput!) {
  rateFeedbackAnswer(input: $input) { feedback { id status rating ratingComment } errors { field code message } }
}
"""

MARK_READ = """
mutation Read($input: MarkFeedbackReadInput!) {
  markFeedbackRead(input: $input) { feedback { id unreadReplies } errors { field code message } }
}
"""

MY_FEEDBACK = """
query Mine($status: [FeedbackStatus!], $first: Int) {
  me {
    unreadFeedbackReplies
    feedback(first: $first, status: $status) {
      totalCount
      edges {
        node {
          id reference category categoryLabel title status statusLabel organisation { name }
          submittedAt dueAt answeredAt unreadReplies rating isOverdue
          attachments { displayName contentType size url }
          messages { kind kindLabel body createdAt authorRole attachments { displayName contentType size url } }
        }
      }
    }
  }
}
"""

ONE = """
query One($id: ID!) { feedback(id: $id) { id reference status messages { kind body } } }
"""

CATEGORIES = "query { feedbackCategories { value label responseDays } }"
ORGANISATIONS = "query { feedbackOrganisations { code name level } }"
